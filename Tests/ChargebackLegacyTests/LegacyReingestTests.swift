import ChargebackCore
import Foundation
import Testing
@testable import ChargebackLegacy

/// 2025-05 is still open in the legacy fixture. Its FOCUS export ingested into
/// our ledger after the import must not bill the carried-over charges twice.
@Suite struct LegacyReingestTests {
    private let may = BillingPeriod("2025-05")!

    static let header = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags"

    static func row(start: String, resource: String, list: String, contracted: String, billed: String, name: String = "vm") -> String {
        let tags = #""{""pi_email"":""ada@uni.edu"",""project_id"":""alpha"",""fund_org"":""F-100""}""#
        return ["2025-05-01", "2025-06-01", start, "2025-05-31", "USD", "Amazon EC2", "Usage", "usage", resource, name, "sku-1",
                list, contracted, billed, billed, tags].joined(separator: ",")
    }

    private func ingest(_ f: LegacyFixture, _ store: LedgerStore, _ rows: [String]) throws -> IngestReport {
        let csv = f.folder + "/aws_2025-05.csv"
        try ([Self.header] + rows).joined(separator: "\n").appending("\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let yaml = f.folder + "/config.yaml"
        try "database:\n  path: \(f.ours)\nimports:\n  known_sources:\n    - name: aws\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: yaml, environment: [:]).config
        return try IngestRun(store: store, rules: IngestRules(config: config)).run(
            IngestRequest(files: [csv], source: "aws", period: may, dryRun: false, skipInvalid: false, actor: "tester",
                          rejectsDirectory: f.folder + "/rejects"))
    }

    @Test func theExportOfAnOpenPeriodMatchesTheCarriedOverChargesInsteadOfAddingThem() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        let rows = [
            Self.row(start: "2025-05-01T00:00:00Z", resource: "r-1", list: "12", contracted: "10", billed: "10"),  // same billing
            Self.row(start: "2025-05-01", resource: "r-9", list: "20", contracted: "20", billed: "20"),  // awaiting review
            Self.row(start: "2025-05-02", resource: "r-1", list: "8", contracted: "8", billed: "8.00"),  // was 7.25
            Self.row(start: "2025-05-01", resource: "", list: "5", contracted: "5", billed: "5"),  // no resource id
            Self.row(start: "2025-05-01", resource: "r-8", list: "3", contracted: "3", billed: "3"),  // approved, then flagged again
            Self.row(start: "2025-05-01", resource: "r-new", list: "1", contracted: "1", billed: "1"),  // new
        ]
        let first = try ingest(f, store, rows)
        #expect(first.committed)
        #expect((first.inserted, first.updated, first.unchanged) == (1, 1, 4))
        #expect(first.files.first?.matchedLegacy == 5)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM charges WHERE period = '2025-05'") == 6)
        let reconcile = try Reconciler(store: store).reconcile(may)
        #expect(reconcile.balances)
        #expect(reconcile.accountedFor.billed == (try exact(["10", "20", "8", "5", "3", "1"])))
        // Unchanged billing keeps its review state: both charges awaiting review still are.
        #expect(try ReviewQueue(store: store).pending(.init(period: may)).count == 2)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_charge_keys WHERE period = '2025-05'") == 0)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'charge.match-legacy'") == 5)

        // From now on the charges are keyed by the export's identities: the same file again changes nothing.
        let again = try ingest(f, store, rows)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 6))
        #expect(again.files.first?.matchedLegacy == 0)
        #expect(try Reconciler(store: store).reconcile(may).balances)
    }

    @Test func theAuditTrailShowsEachMatchAndTheLegacyOriginOfTheCharge() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        _ = try ingest(f, store, [
            Self.row(start: "2025-05-01T00:00:00Z", resource: "r-1", list: "12", contracted: "10", billed: "10"),  // same billing
            Self.row(start: "2025-05-02", resource: "r-1", list: "8", contracted: "8", billed: "8.00"),  // was 7.25
        ])
        let trail = AuditTrail(store: store)
        let matches = try trail.events(AuditFilter(kinds: [.revision]))
        #expect(matches.map(\.action) == ["charge.match-legacy", "charge.match-legacy"])
        let changed = try #require(matches.first { $0.amounts.first?.money != $0.amounts.last?.money })
        #expect(changed.amounts == [AuditAmount("billed", Money(nanos: 8_000_000_000)), AuditAmount("previous_billed", Money(nanos: 7_250_000_000))])
        #expect(changed.message.contains("carried over from the legacy ledger, matched by line 3 of aws_2025-05.csv"))
        #expect(changed.actor == "tester")
        // The charge's own history: carried over, then matched; its first line is the legacy one.
        let history = try trail.chargeHistory(try #require(changed.chargeIDs.first))
        #expect(history.legacyChargeID != nil && history.legacyFile == f.legacy)
        #expect(history.events.map(\.action).prefix(1) == ["charge.match-legacy"])
        #expect(history.events.contains { $0.action == "charge.import" && $0.legacy && $0.message.contains("carried over from the legacy ledger") })
        #expect(history.events.contains { $0.action == "legacy.import" })
    }

    @Test func twoRowsWithOneLegacyKeyTakeOneChargeEach() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        // The legacy tool kept one charge for r-1 on 2025-05-01; an export with two such rows keeps it and adds one.
        let report = try ingest(f, store, [
            Self.row(start: "2025-05-01", resource: "r-1", list: "12", contracted: "10", billed: "10", name: "a"),
            Self.row(start: "2025-05-01", resource: "r-1", list: "12", contracted: "10", billed: "10", name: "b"),
        ])
        #expect((report.inserted, report.unchanged) == (1, 1))
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM charges WHERE period = '2025-05'") == 6)
        #expect(try Reconciler(store: store).reconcile(may).balances)
    }

    @Test func aFinalizedOrClosedPeriodKeepsNoLegacyKeys() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        // Finalized: never ingested again, so no key; closed (may reopen) and open: keyed.
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_charge_keys WHERE period = '2025-03'") == 0)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_charge_keys WHERE period = '2025-04'") == 2)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_charge_keys WHERE period = '2025-05'") == 5)
    }
}
