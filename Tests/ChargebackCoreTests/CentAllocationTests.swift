import PropertyBased
import Testing
@testable import ChargebackCore

/// The journal's second rounding step: a statement's amount, rounded once,
/// shared among its exact parts so that the shares add up to it exactly.
@Suite struct JournalCentAllocationTests {
    static let halfCent: Int64 = 5_000_000

    /// Shares for `parts` of the parts' own rounded total, as the builder calls it.
    static func split(_ nanos: [Int64]) -> (total: Int64, shares: [Int64]) {
        let parts = nanos.map { MoneySum(nanos: Int128($0)) }
        let total = MoneySum(nanos: parts.reduce(Int128(0)) { $0 + $1.nanos }).roundedToCents()
        return (total, CentAllocation.split(total, over: parts))
    }

    /// Every share is within one cent of its exact part (in nanos: |share·10⁷ − part| ≤ 10⁷).
    static func withinOneCent(_ share: Int64, of part: Int64) -> Bool {
        (Int128(share) * 10_000_000 - Int128(part)).magnitude <= 10_000_000
    }

    @Test func sharesAddUpToTheRoundedTotalAndStayWithinOneCent() async {
        // Any nanos, from −20 to +20 currency units: mostly odd amounts, with
        // a third of them replaced by whole multiples of half a cent, the ties
        // the rounding rule has to break.
        let generator = Gen.int64(in: -20_000_000_000...20_000_000_000).array(of: 1...25)
        await propertyCheck(count: 300, input: generator) { raw in
            let nanos = raw.map { $0 % 3 == 0 ? ($0 / 3 % 2_001) * Self.halfCent : $0 }
            let (total, shares) = Self.split(nanos)
            #expect(shares.count == nanos.count)
            #expect(shares.reduce(0, +) == total, "parts \(nanos): shares \(shares) do not add up to \(total)")
            for (share, part) in zip(shares, nanos) {
                #expect(Self.withinOneCent(share, of: part), "share \(share) of part \(part)")
            }
        }
    }

    @Test func seededLoopOverTinyPartsNearHalfCents() {
        // Parts of a few nanos around ±½ cent: where floor and the
        // remainder ordering matter most. A fixed LCG keeps the run repeatable.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(bitPattern: state >> 33)
        }
        for _ in 0..<2_000 {
            let count = Int(next().magnitude % 8) + 1
            let nanos = (0..<count).map { _ in (next() % 3 - 1) * Self.halfCent + next() % 3 - 1 + (next() % 5) * 10_000_000 }
            let (total, shares) = Self.split(nanos)
            #expect(shares.reduce(0, +) == total, "parts \(nanos)")
            #expect(zip(shares, nanos).allSatisfy { Self.withinOneCent($0, of: $1) }, "parts \(nanos) shares \(shares)")
        }
    }

    @Test func twoHalfCentsMakeOneCentForTheFirst() {
        let (total, shares) = Self.split([Self.halfCent, Self.halfCent])
        #expect(total == 1)
        // Equal remainders: the earlier part wins the tie.
        #expect(shares == [1, 0])
    }

    @Test func twoNegativeHalfCentsMakeMinusOneCent() {
        let (total, shares) = Self.split([-Self.halfCent, -Self.halfCent])
        // −0.01 exactly: half away from zero is not involved, the sum is a whole cent.
        #expect(total == -1)
        #expect(shares.reduce(0, +) == -1)
        #expect(shares.sorted() == [-1, 0])
    }

    @Test(arguments: [Int64(0), 1, 4_999_999, 5_000_000, 12_345_678_901, -5_000_000, -5_000_001, -1, -987_654_321])
    func aSinglePartIsItsOwnRounding(nanos: Int64) {
        let (total, shares) = Self.split([nanos])
        #expect(shares == [Money(nanos: nanos).roundedToCents()])
        #expect(shares == [total])
    }

    @Test func largestRemaindersGetTheMissingCents() {
        // 0.004 + 0.009 + 0.003 = 0.016 → 2 cents; floors 0,0,0; the two
        // largest remainders (0.009 and 0.004) get them, not the first two parts.
        let (total, shares) = Self.split([4_000_000, 9_000_000, 3_000_000])
        #expect(total == 2)
        #expect(shares == [1, 1, 0])
        // A refund and a charge: 1.234 − 0.5 = 0.734 → 73 cents; floors 123 and −50.
        #expect(Self.split([1_234_000_000, -500_000_000]).shares == [123, -50])
    }

    @Test func exactCentsAreNeverMoved() {
        // Parts already whole cents keep their exact amount even next to parts with remainders.
        let (total, shares) = Self.split([100_000_000, Self.halfCent, 250_000_000, Self.halfCent])
        #expect(total == 36)
        #expect(shares == [10, 1, 25, 0])
    }
}
