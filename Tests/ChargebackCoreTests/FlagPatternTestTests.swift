import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// `review test` decides as ingest does: the same file ingested with the pattern in
/// the config flags exactly the charges `FlagPatternTest` finds in a ledger without it.
@Suite struct FlagPatternTestTests {
    static func tags(_ fundOrg: String) -> String { #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"\#(fundOrg)"}"# }

    /// Lines 2–9. Flag pattern `GPU-BURST` (searched, any case): 2 (service, another case), 3 (inside the
    /// resource id), 4 (resource name), 8 (also a fund/org the fund/org patterns refuse); not 5 (`gpuburst`),
    /// not 6 (only in the description, which is not searched). Fund/org patterns `41` and `AB`
    /// (from the first character, any case): 2, 3, 4, 5 pass; 6 (`x41-…`: not at the start), 7, 8 refused;
    /// 9 has no fund/org (missing_fund_org comes first).
    static let rows = [
        TestLedger.row(service: "gpu-burst compute", resource: "r-2", tags: tags("410233-1001")),
        TestLedger.row(resource: "slurm:cluster/partition/Gpu-Burst/2", tags: tags("410233-1001")),
        TestLedger.row(resource: "r-4", name: "node (GPU-BURST)", tags: tags("ab-1234")),
        TestLedger.row(resource: "r-5", name: "gpuburst", tags: tags("AB-9")),
        TestLedger.row(resource: "r-6", description: "gpu-burst hours", tags: tags("x41-0001")),
        TestLedger.row(resource: "r-7", tags: tags("990000-0001")),
        TestLedger.row(resource: "r-8", name: "gpu-burst", tags: tags("99")),
        TestLedger.row(resource: "r-9", tags: #"{"pi_email":"ada@uni.edu","project_id":"p1"}"#),
    ]

    static func ledger(review: String) throws -> TestLedger {
        let t = try TestLedger(configYAML: """
            currency: USD
            database:
              path: ./ledger.sqlite
            \(review)
            imports:
              known_sources:
                - name: aws
            """)
        _ = try t.ingest([try t.file("aws_t.csv", rows)])
        return t
    }

    static func linesFlagged(_ t: TestLedger, _ reason: String) throws -> Set<Int> {
        Set(try t.store.read { db in try Int.fetchAll(db, sql: "SELECT line FROM charges WHERE flag_reason = ?", arguments: [reason]) })
    }

    @Test func flagPatternFindsWhatIngestFlags() throws {
        let without = try Self.ledger(review: "")
        #expect(try Self.linesFlagged(without, "pattern_match:GPU-BURST").isEmpty)
        let result = try FlagPatternTest(store: without.store).run(["GPU-BURST"], rule: .flag, period: nil, sampleSize: 100)
        let found = Set(result.sample.map(\.charge.line))
        #expect(found == [2, 3, 4, 8])
        #expect(result.matched == 4 && result.examined == 8)
        #expect(result.amount == MoneySum(nanos: 4 * 8_500_000_000))
        #expect(result.sample.allSatisfy { $0.reason == "pattern_match:GPU-BURST" })
        #expect(result.alreadyFlagged == 0)

        let with = try Self.ledger(review: "review:\n  flag_patterns: ['GPU-BURST']")
        #expect(try Self.linesFlagged(with, "pattern_match:GPU-BURST") == found)
        // In the ledger that has them flagged, the test says so.
        let again = try FlagPatternTest(store: with.store).run(["GPU-BURST"], rule: .flag, period: BillingPeriod("2026-10"), sampleSize: 2)
        #expect(again.matched == 4 && again.alreadyFlagged == 4 && again.sample.map(\.charge.line) == [2, 3])
    }

    @Test func severalPatternsGiveTheFirstInConfigOrder() throws {
        let t = try Self.ledger(review: "")
        let result = try FlagPatternTest(store: t.store).run(["node", "burst"], rule: .flag, period: nil, sampleSize: 100)
        let reasons = Dictionary(uniqueKeysWithValues: result.sample.map { ($0.charge.line, $0.reason) })
        #expect(reasons == [2: "pattern_match:burst", 3: "pattern_match:burst", 4: "pattern_match:node", 5: "pattern_match:burst",
                            8: "pattern_match:burst"])
        let with = try Self.ledger(review: "review:\n  flag_patterns: ['node', 'burst']")
        let ingested = try with.store.read { db in
            try Row.fetchAll(db, sql: "SELECT line, flag_reason FROM charges WHERE flag_reason LIKE 'pattern_match:%'")
        }
        #expect(Dictionary(uniqueKeysWithValues: ingested.map { (Int($0["line"] as Int64), $0["flag_reason"] as String) }) == reasons)
    }

    @Test func fundOrgPatternsMatchFromTheStartInAnyCase() throws {
        let without = try Self.ledger(review: "")
        let result = try FlagPatternTest(store: without.store).run(["41", "AB"], rule: .fundOrg, period: nil, sampleSize: 100)
        let found = Set(result.sample.map(\.charge.line))
        #expect(found == [6, 7, 8])
        #expect(result.examined == 7)  // the charge without a fund/org is missing_fund_org first
        #expect(result.sample.allSatisfy { $0.reason == "invalid_fund_org" })

        let with = try Self.ledger(review: "review:\n  fund_org_patterns: ['41', 'AB']")
        #expect(try Self.linesFlagged(with, "invalid_fund_org") == found)
        #expect(try Self.linesFlagged(with, "missing_fund_org") == [9])
    }

    @Test func anInvalidPatternIsRefusedByName() throws {
        let t = try Self.ledger(review: "")
        let error = #expect(throws: ConfigRegex.CompileError.self) {
            try FlagPatternTest(store: t.store).run(["ok", "gpu(burst"], rule: .flag, period: nil, sampleSize: 1)
        }
        #expect(error?.pattern == "gpu(burst")
        #expect(error?.description.hasPrefix("invalid regular expression \"gpu(burst\": missing )") == true)
    }
}
