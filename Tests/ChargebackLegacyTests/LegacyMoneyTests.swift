import ChargebackCore
import Foundation
import GRDB
import Testing
@testable import ChargebackLegacy

// Doubles appear here because the rule under test converts them: the legacy
// ledger's REAL values. Nothing else in the tests computes money with them.
@Suite struct LegacyMoneyTests {
    private let cell = LegacyCell(table: "charges", rowID: 7, column: "billed_cost")

    private func tally(_ values: Int, _ inexact: Int, _ beyondCents: Int, _ rounded: Int) -> LegacyMoneyTally {
        var t = LegacyMoneyTally()
        t.values = values
        t.inexactInBinary = inexact
        t.beyondCents = beyondCents
        t.rounded = rounded
        return t
    }

    private func convert(_ value: DatabaseValue) throws -> (Money?, LegacyMoneyTally) {
        var tally = LegacyMoneyTally()
        let money = try LegacyMoney.convert(value, at: cell, tally: &tally)
        return (money, tally)
    }

    @Test(arguments: [
        (0.1, "0.1"), (20227.000000000004, "20227.000000000004"), (1e-7, "1e-07"), (-12.34, "-12.34"),
        (1e15, "1000000000000000.0"), (1e16, "1e+16"), (2040.0, "2040.0"), (-0.0, "-0.0"), (1e-10, "1e-10"),
    ])
    func shortestDecimalIsSwiftsRoundTripText(value: Double, text: String) throws {
        #expect(LegacyMoney.shortestDecimal(value) == text)
        // It reads back as the same double …
        #expect(Double(text)?.bitPattern == value.bitPattern)
        // … and one significant digit fewer would not.
        var significant = text.split(separator: "e")[0].filter(\.isNumber).drop { $0 == "0" }
        while significant.last == "0" { significant.removeLast() }
        let digits = significant.count
        if digits > 1 {
            let shorter = String(format: "%.\(digits - 1)g", value)
            #expect(Double(shorter) != value, "\(shorter) reads back as \(value): \(text) is not the shortest")
        }
    }

    @Test func shortestDecimalRoundTripsForAnyDouble() {
        // SplitMix64 over bit patterns: every finite double, not only money-like ones.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var checked = 0
        for _ in 0..<20_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let value = Double(bitPattern: z ^ (z >> 31))
            guard value.isFinite else { continue }
            #expect(Double(LegacyMoney.shortestDecimal(value))?.bitPattern == value.bitPattern)
            checked += 1
        }
        #expect(checked > 19_000)
    }

    @Test func centsNotExactInBinaryBecomeTheirDecimal() throws {
        let (money, counted) = try convert(0.1.databaseValue)
        #expect(money == Money(nanos: 100_000_000))
        #expect(counted == tally(1, 1, 0, 0))
    }

    @Test func aValueExactInBinaryIsUntouched() throws {
        let (money, counted) = try convert((-2040.25).databaseValue)
        #expect(money == Money(nanos: -2_040_250_000_000))
        #expect(counted == tally(1, 0, 0, 0))
    }

    @Test func moreThanNineDecimalsAreRoundedAtTheNano() throws {
        let (money, counted) = try convert(20227.000000000004.databaseValue)
        #expect(money == Money(nanos: 20_227_000_000_000))
        #expect(counted == tally(1, 1, 1, 1))
        // Half-to-even at the ninth decimal, as Money(parsing:) rounds.
        #expect(try convert(1.0000000005.databaseValue).0 == Money(nanos: 1_000_000_000))
        #expect(try convert(1.0000000015.databaseValue).0 == Money(nanos: 1_000_000_002))
    }

    @Test func subCentAmountsAndExponentFormsAreExact() throws {
        let (tiny, counted) = try convert(1e-7.databaseValue)
        #expect(tiny == Money(nanos: 100))
        #expect(counted == tally(1, 1, 1, 0))
        #expect(try convert((-0.0000417).databaseValue).0 == Money(nanos: -41_700))
        #expect(try convert(9.2e9.databaseValue).0 == Money(nanos: 9_200_000_000_000_000_000))
        #expect(try convert(DatabaseValue.null).0 == nil)
        #expect(try convert(Int64(42).databaseValue).0 == Money(nanos: 42_000_000_000))
    }

    @Test(arguments: [Double.infinity, -Double.infinity, 1e15, -1e16])
    func infinityAndOutOfRangeNameTheCell(value: Double) {
        #expect {
            _ = try convert(value.databaseValue)
        } throws: { error in
            guard case LegacyLedgerError.invalidMoney(let at, _, _) = error else { return false }
            return at == cell && "\(error)".contains("charges row id 7, column billed_cost")
        }
    }

    @Test func textAndBlobsAreRefused() {
        for value in ["NaN".databaseValue, "12.50".databaseValue, Data([1, 2]).databaseValue] {
            #expect(throws: LegacyLedgerError.self) { _ = try convert(value) }
        }
    }

    @Test(arguments: [("2040.0", 0), ("0.125", 3), ("1e-07", 7), ("1.5e-07", 8), ("1e+16", 0), ("20227.000000000004", 12),
                      ("-12.34", 2)])
    func fractionDigitsOfThePlainDecimal(text: String, digits: Int) {
        #expect(LegacyMoney.fractionDigits(text) == digits)
    }
}
