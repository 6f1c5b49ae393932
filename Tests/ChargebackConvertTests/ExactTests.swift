import ChargebackCore
import PropertyBased
import Testing
@testable import ChargebackConvert

@Suite struct ExactTests {
    @Test func decimalTextIsExact() throws {
        #expect(try Exact(decimal: "0.01") == Exact(1, over: 100))
        #expect(try Exact(decimal: "-2.50") == Exact(-5, over: 2))
        #expect(try Exact(decimal: ".25") == Exact(1, over: 4))
        #expect(try Exact(decimal: "1.5e-3") == Exact(3, over: 2000))
        #expect(try Exact(decimal: "2E3") == Exact(2000))
        for bad in ["", "-", "1.2.3", "1e", "abc", "1,000", "$5", " 1"] {
            #expect(throws: Exact.ParseError.self) { try Exact(decimal: bad) }
        }
        #expect(throws: Exact.ParseError.outOfRange) { try Exact(decimal: String(repeating: "9", count: 60)) }
    }

    @Test func arithmeticStaysExact() throws {
        let third = try Exact(1, over: 3)
        #expect(try third + third + third == Exact.one)
        // 0.1 + 0.2 is 0.3 exactly (it is not in binary floating point).
        #expect(try Exact(decimal: "0.1") + Exact(decimal: "0.2") == Exact(decimal: "0.3"))
        #expect(try Exact(7) / Exact(2) == Exact(decimal: "3.5"))
        #expect(try Exact(decimal: "1.1") * Exact(decimal: "1.1") == Exact(decimal: "1.21"))
        #expect(try Exact(1) - Exact(decimal: "0.75") == Exact(1, over: 4))
        #expect(try Exact(-1, over: 3) < Exact(0))
        #expect(try Exact(2, over: 3) > Exact(decimal: "0.666666666666666666666"))
    }

    @Test func overflowIsAnErrorNotAWrap() throws {
        let big = Exact(Int128.max / 2)
        #expect(throws: ExactOverflow.self) { try big * Exact(3) }
        #expect(throws: ExactOverflow.self) { try big + big + big }
    }

    @Test func centsRoundHalfAwayFromZero() throws {
        #expect(try Exact(decimal: "2.345").roundedToCents() == Money(cents: 235))
        #expect(try Exact(decimal: "-2.345").roundedToCents() == Money(cents: -235))
        #expect(try Exact(decimal: "2.3449999999").roundedToCents() == Money(cents: 234))
        #expect(try Exact(1, over: 3).roundedToCents() == Money(cents: 33))
        #expect(try Exact(2, over: 3).roundedToCents() == Money(cents: 67))
        #expect(try Exact(decimal: "10.87675").roundedToCents() == Money(cents: 1088))
        #expect(try Exact(1, over: 3).decimalText(digits: 4) == "0.3333")
        #expect(try Exact(decimal: "2.50").decimalText(digits: 4) == "2.5")
        #expect(try Exact(decimal: "-0.00001").decimalText(digits: 2) == "0")
        #expect(try Exact(decimal: "100").decimalText(digits: 2) == "100")
        #expect(try Exact(decimal: "0.05").decimalText(digits: 2) == "0.05")
        #expect(try Exact(decimal: "12345678901234567.5").decimalText(digits: 0) == "12345678901234568")  // beyond 64 bits scaled
        #expect(try Exact(decimal: "-1234.5").decimalText(digits: 9) == "-1234.5")
    }

    /// Descriptions: thousands grouped, money with at least two decimals.
    @Test func readableTextGroupsThousands() throws {
        #expect(try Exact(decimal: "1200").readableText(digits: 4, minimumDigits: 2) == "1,200.00")
        #expect(try Exact(decimal: "0.0125").readableText(digits: 9, minimumDigits: 2) == "0.0125")
        #expect(try Exact(decimal: "8").readableText(digits: 6, minimumDigits: 2) == "8.00")
        #expect(try Exact(decimal: "52880.25").readableText(digits: 4) == "52,880.25")
        #expect(try Exact(decimal: "1234567").readableText(digits: 0) == "1,234,567")
        #expect(try Exact(decimal: "-1234.5").readableText(digits: 2, minimumDigits: 2) == "-1,234.50")
        #expect(try Exact(decimal: "999").readableText(digits: 2) == "999")
        #expect(try Exact(1, over: 3).readableText(digits: 4) == "0.3333")
    }

    /// Cents from exact arithmetic agree with Money's rule on the same amount written in nanos.
    @Test func roundingAgreesWithMoney() async {
        await propertyCheck(count: 300, input: Gen.int64(in: -9_000_000_000_000...9_000_000_000_000)) { nanos in
            let exact = Exact(Money(nanos: nanos))
            #expect((try? exact.roundedToCents()) == Money(cents: Money(nanos: nanos).roundedToCents()))
        }
    }

    /// (a × b) / b == a and a + b − b == a for random decimal amounts.
    @Test func inversesHold() async {
        await propertyCheck(count: 300, input: Gen.int64(in: -1_000_000_000...1_000_000_000), Gen.int64(in: 1...1_000_000)) { a, b in
            let x = try? Exact(Int128(a), over: 1000)
            let y = try? Exact(Int128(b), over: 7)
            guard let x, let y else { Issue.record("could not build"); return }
            #expect((try? (x * y) / y) == x)
            #expect((try? (x + y) - y) == x)
        }
    }
}
