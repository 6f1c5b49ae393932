import Testing
import PropertyBased
@testable import ChargebackCore

@Suite struct MoneyParsingTests {
    @Test(arguments: [
        ("12", 12_000_000_000), ("-0.5", -500_000_000), (".25", 250_000_000), ("+3.1", 3_100_000_000),
        ("1234.567890123", 1_234_567_890_123), ("0.000000001", 1), ("1.5E-7", 150), ("2e3", 2_000_000_000_000),
        ("0", 0), ("-0", 0), ("0.0000417", 41_700), ("1.2345678915", 1_234_567_892), ("1.2345678925", 1_234_567_892),
        ("0.00000000049", 0), ("0.0000000005", 0), ("0.0000000015", 2), ("-1.0000000005", -1_000_000_000),
        ("9223372036.854775807", Int64.max),
    ] as [(String, Int64)])
    func parsesExactly(text: String, nanos: Int64) throws {
        #expect(try Money(parsing: text).nanos == nanos)
    }

    @Test(arguments: ["", "abc", "1,234.50", "$12", " 12", "12 ", "1.2.3", "--1", "1e", "e5", "1e+", "NaN", "inf", "0x10", "١٢"])
    func rejectsMalformed(text: String) {
        #expect(throws: Money.ParseError.self) { try Money(parsing: text) }
    }

    @Test(arguments: ["9223372036.854775808", "1e20", "99999999999999999999999999999999999999999"])
    func rejectsOutOfRange(text: String) {
        #expect(throws: Money.ParseError.outOfRange) { try Money(parsing: text) }
    }
}

@Suite struct MoneyRoundingTests {
    @Test(arguments: [
        ("2.345", 235), ("-2.345", -235), ("2.344999999", 234), ("0.005", 1), ("-0.005", -1), ("0.004999999", 0),
        ("1234567.891", 123_456_789), ("17.875", 1788), ("75.025", 7503),
    ] as [(String, Int64)])
    func roundsHalfAwayFromZero(text: String, cents: Int64) throws {
        #expect(try Money(parsing: text).roundedToCents() == cents)
    }

    @Test func formatsForDisplay() throws {
        #expect(MoneyFormat.display(try Money(parsing: "1234567.891"), currency: "USD") == "USD 1,234,567.89")
        #expect(MoneyFormat.display(try Money(parsing: "-0.004"), currency: "") == "0.00")
        #expect(MoneyFormat.display(try Money(parsing: "-1000"), currency: "EUR") == "EUR -1,000.00")
        #expect(MoneyFormat.plain(try Money(parsing: "12.5")) == "12.50")
        #expect(MoneyFormat.plain(try Money(parsing: "-0.000000001")) == "-0.000000001")
        #expect(MoneyFormat.cents(-5) == "-0.05")
    }

    @Test func addingOverflowIsAnError() {
        #expect(throws: MoneyError.overflow) { try Money(nanos: .max).adding(Money(nanos: 1)) }
        #expect(throws: MoneyError.overflow) { try MoneySum([Money(nanos: .max), Money(nanos: .max)]).money() }
    }
}

@Suite struct MoneyPropertyTests {
    /// Parsing the exact text of any amount gives the amount back.
    @Test func plainTextRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.int64(in: -999_999_999_999_999...999_999_999_999_999)) { nanos in
            let m = Money(nanos: nanos)
            #expect((try? Money(parsing: MoneyFormat.plain(m))) == m)
        }
    }

    /// Sums are exact: the sum of parsed decimal strings equals the sum of
    /// their integer nano values, and the cent total rounds that one sum.
    @Test func sumsAreExact() async {
        await propertyCheck(count: 200, input: Gen.int64(in: -50_000_000_000_000...50_000_000_000_000).array(of: 0...200)) { values in
            var sum = MoneySum()
            var reference: Int128 = 0
            for v in values {
                guard let parsed = try? Money(parsing: MoneyFormat.plain(Money(nanos: v))) else {
                    Issue.record("\(v) did not parse back")
                    return
                }
                sum.add(parsed)
                reference += Int128(v)
            }
            #expect(sum.nanos == reference)
            let cents = sum.roundedToCents()
            #expect((Int128(cents) * 10_000_000 - reference).magnitude <= 5_000_000)
        }
    }
}

@Suite struct BillingPeriodTests {
    @Test func parsesAndOrders() throws {
        let p = try #require(BillingPeriod("2026-09"))
        #expect(p.description == "2026-09")
        #expect(p.next.description == "2026-10")
        #expect(try #require(BillingPeriod("2026-12")).next.description == "2027-01")
        #expect(try #require(BillingPeriod("2026-01")).previous.description == "2025-12")
        #expect(p < p.next)
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-9", "26-09", "2026/09", "2026-09-01", "", "abcd-ef"])
    func rejectsMalformed(text: String) {
        #expect(BillingPeriod(text) == nil)
    }
}
