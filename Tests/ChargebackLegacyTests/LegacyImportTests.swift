import ChargebackCore
import Foundation
import GRDB
import Testing
@testable import ChargebackLegacy

@Suite struct LegacyImportTests {
    private let march = BillingPeriod("2025-03")!
    private let april = BillingPeriod("2025-04")!
    private let may = BillingPeriod("2025-05")!

    @Test func everyPeriodArrivesWithTheLegacyTotalsAndTheLegacyFileIsUntouched() throws {
        let f = try LegacyFixture()
        let before = try f.state()
        let report = try f.importLegacy()
        #expect(try f.state() == before)
        guard case .imported = report.outcome else { Issue.record("not imported: \(report.outcome)"); return }

        let byPeriod = Dictionary(uniqueKeysWithValues: report.periods.map { ($0.period, $0) })
        let m = try #require(byPeriod[march]), a = try #require(byPeriod[april]), y = try #require(byPeriod[may])
        #expect((m.status, m.charges, m.rejected, m.awaitingReview) == (.finalized, 7, 2, 0))
        #expect(m.billedNotRejected == (try exact(["85", "0.1", "20227.000000000004", "-12.34", "1e-7"])))
        #expect(m.billedRejected == (try exact(["2040", "300"])))
        #expect((a.status, a.charges, a.rejected, a.awaitingReview) == (.closed, 2, 0, 0))
        #expect(a.billedNotRejected == (try exact(["50.5", "0"])))
        #expect((y.status, y.charges, y.rejected, y.awaitingReview) == (.open, 5, 0, 2))
        #expect(y.billedNotRejected == (try exact(["10", "20", "5", "7.25", "3"])))
        #expect(report.periods.allSatisfy { $0.reconciles && $0.sumsAgree })
        #expect(report.statements.count == 3 && report.statementsAgree)

        // The same, through our own commands' reports.
        let store = try f.store()
        for p in [march, april, may] { #expect(try Reconciler(store: store).reconcile(p).balances) }
        let statements = try PeriodReports(store: store).report(march).byPIProject
        let totals = Dictionary(uniqueKeysWithValues: statements.map { ($0.piEmail + " " + $0.projectId, $0.totals.billed) })
        #expect(totals["ada@uni.edu alpha"]?.roundedToCents() == 2_031_210)
        #expect(totals["bea@uni.edu beta"]?.roundedToCents() == -1_234)
        #expect(totals["bea@uni.edu \(StatementReport.noProject)"] == (try exact(["0.0000001"])))
        #expect(try PeriodWorkflow(store: store).list().map(\.status) == [.open, .closed, .finalized])
    }

    @Test func moneyCountsSayWhatTheRuleTouched() throws {
        let m = try LegacyFixture().importLegacy(dryRun: true).money
        // Values: 14 charges × 4 costs but one row's 3 NULLs (53), 5 imports × 2 (10), 3 statements,
        // 1 journal export, 1 review log amount.
        #expect(m.values == 68)
        // More than 9 decimals, rounded to the nano: 20227.000000000004 and the legacy tool's float sums
        // 22652.100000000002 (import 1), 20312.100000000002 (statement 1), 20299.760000100003 (journal export).
        #expect(m.rounded == 4)
        // More than 2 decimals: those 4, 1e-07 (charge 7 ×4, import 2, statement 3) and -12.3399999 (import 2).
        #expect(m.beyondCents == 11)
        // Not exactly the stored decimal in binary: 0.1 ×4, -12.34 ×4 (+ statement 2), 1e-07 ×6, the 4 rounded,
        // and -12.3399999.
        #expect(m.inexactInBinary == 20)
    }

    @Test func reviewDecisionsHistoryAndLogsAreCarriedOver() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        let queue = ReviewQueue(store: store)

        let withNote = try queue.decisions(chargeID: try f.ourID("charges", legacy: 4, in: store))
        #expect(withNote.map(\.decision) == ["reject"])
        #expect(withNote.first?.actor == "bob")
        #expect(withNote.first?.note == "not ours")
        #expect(withNote.first?.decidedAt == "2025-04-03T10:00:00Z")
        let withoutNote = try queue.decisions(chargeID: try f.ourID("charges", legacy: 5, in: store))
        #expect(withoutNote.first?.note == nil)
        #expect(withoutNote.first?.actor == LegacyImportPlan.unrecordedActor)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'review.reject' AND details LIKE '%no note%'") == 1)
        let approved = try queue.decisions(chargeID: try f.ourID("charges", legacy: 7, in: store))
        #expect(approved.map(\.decision) == ["approve"])
        #expect(approved.first?.flagReason == "missing_project")
        #expect(try queue.pending(.init(period: may)).count == 2)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'legacy.review'") == 1)

        let march = try #require(try PeriodWorkflow(store: store).get(self.march))
        #expect(march.closedBy == "ann")
        #expect(march.closedAt == "2025-04-05T10:00:00Z")
        #expect(march.finalizedAt == "2025-04-06T11:30:00Z")
        #expect(march.notes == "March close")
        #expect(march.openedBy == LegacyImportPlan.unrecordedActor)
        let april = try #require(try PeriodWorkflow(store: store).get(self.april))
        #expect(april.reopenReason == "late credit")
        #expect(try PeriodWorkflow(store: store).history(self.april).map(\.action)
                == ["period.open", "period.reopen", "period.close", "period.import-legacy"])

        let sources = try SourceRegistry(store: store).list()
        #expect(sources.map(\.name) == ["aws", "azure-local", "hpc"])
        #expect(sources.first { $0.name == "azure-local" }?.displayName == "Azure Local")
        #expect(sources.first { $0.name == "hpc" }?.displayName == "HPC cluster")

        // Six import rows: five logged by the legacy tool, one for hpc 2025-04, which it logged none for;
        // each names the legacy file (the charges' source), its own file name kept as provenance.
        let sha = try f.state().sha256
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM imports WHERE file_sha256 = '\(sha)' AND file_name = 'billing.db'") == 6)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_rows WHERE our_table = 'imports' AND legacy_id IS NULL") == 1)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_rows WHERE our_table = 'imports' AND legacy_name = 'aws_2025-05_v2.csv'") == 1)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_rows WHERE our_table = 'charges'") == 14)

        let charges = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT c.* FROM charges c JOIN legacy_rows l ON l.our_table = 'charges' AND CAST(l.our_id AS INTEGER) = c.id ORDER BY l.legacy_id")
        }
        #expect(charges[0]["cost_center"] as String? == "CC-9")  // from its tags, as ingest maps them
        #expect(charges[0]["line"] as Int == 0)
        #expect(charges[2]["list_nanos"] as Int64 == charges[2]["billed_nanos"] as Int64)  // NULL list: ingest's default
        #expect(charges[7]["charge_period_start"] as String == "2025-04-01T00:00:00Z")

        let notices = try NotificationLog(store: store).list(period: self.march)
        #expect(notices.map(\.status) == [.sent, .failed, .devMode])
        #expect(notices[1].error == "SMTP 550 no such mailbox")
        #expect(notices[0].statementIds == StatementID.make(period: self.march, piEmail: "ada@uni.edu", projectId: "alpha"))
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'legacy.email' AND details LIKE '%old@uni.edu%'") == 1)
        #expect(try StatementLog(store: store).list(period: self.march).count == 3)
        let exports = try JournalExportLog(store: store).list(period: self.march)
        #expect(exports.map(\.format) == ["standard"])
        #expect(exports.first?.actor == "ann")
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'legacy.review-log'") == 1)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'legacy.import'") == 1)
    }

    @Test func finalizedStaysFrozenAndClosedRefusesIngest() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        #expect(throws: LedgerError.self) {
            try store.write { db in try db.execute(sql: "UPDATE charges SET billed_nanos = 1 WHERE period = '2025-03'") }
        }
        #expect(throws: LedgerError.self) {
            try store.write { db in try db.execute(sql: "UPDATE periods SET status = 'open' WHERE period = '2025-03'") }
        }
        #expect(throws: LedgerError.invalidTransition(march, from: .finalized, to: .open)) {
            try PeriodWorkflow(store: store).reopen(march, reason: "again", actor: "eve")
        }
        // The insert guard is back for everyone: a closed period refuses a charge from any writer.
        #expect(throws: LedgerError.self) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO charges SELECT * FROM charges WHERE period = '2025-04' LIMIT 1")
            }
        }
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'charges_insert_guard'") == 1)
    }

    @Test func aSecondRunChangesNothing() throws {
        let f = try LegacyFixture()
        try f.importLegacy()
        let store = try f.store()
        let counts = try ["charges", "audit_log", "imports", "legacy_imports", "notifications"].map {
            try LegacyFixture.count(store, "SELECT COUNT(*) FROM \($0)")
        }
        let again = try f.importLegacy()
        guard case .alreadyImported(let previous) = again.outcome else { Issue.record("imported twice"); return }
        #expect(previous.actor == "tester")
        #expect(previous.periods == "2025-03,2025-04,2025-05")
        #expect(try ["charges", "audit_log", "imports", "legacy_imports", "notifications"].map {
            try LegacyFixture.count(store, "SELECT COUNT(*) FROM \($0)")
        } == counts)
    }

    @Test func aLedgerWithAnyOfThePeriodsIsRefusedBeforeAnythingIsWritten() throws {
        let f = try LegacyFixture()
        let store = try f.store()
        try PeriodWorkflow(store: store).open(may, actor: "eve")
        try PeriodWorkflow(store: store).open(BillingPeriod("2025-06")!, actor: "eve")
        let audit = try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log")
        #expect {
            try f.importLegacy()
        } throws: { error in
            (error as? LegacyImportRefusal) == .periodsExist(["2025-05"], ledger: f.ours) && "\(error)".contains("2025-05")
        }
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM audit_log") == audit)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM charges") == 0)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM periods") == 2)
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM legacy_imports") == 0)
    }

    @Test func anotherLegacyLedgerGoesIntoALedgerWithOtherPeriods() throws {
        let f = try LegacyFixture()
        let store = try f.store()
        try PeriodWorkflow(store: store).open(BillingPeriod("2025-06")!, actor: "eve")
        let report = try f.importLegacy()
        guard case .imported = report.outcome else { Issue.record("refused"); return }
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM periods") == 4)
    }

    @Test func aDryRunWritesNothing() throws {
        let f = try LegacyFixture()
        let before = try f.state()
        let report = try f.importLegacy(dryRun: true)
        guard case .dryRun = report.outcome else { Issue.record("not a dry run"); return }
        #expect(report.periods.count == 3 && report.periods.allSatisfy(\.reconciles))
        #expect(!FileManager.default.fileExists(atPath: f.ours))
        #expect(try f.state() == before)

        // Into an existing ledger: not even opened for writing (no migration, no WAL file left).
        do { _ = try f.store() }
        let existing = try LegacyFixture.state(of: f.ours)
        try f.importLegacy(dryRun: true)
        #expect(try LegacyFixture.state(of: f.ours) == existing)
    }

    @Test(arguments: [
        ("UPDATE charges SET billed_cost = 1e999 WHERE id = 2", "charges row id 2, column billed_cost"),
        ("UPDATE charges SET effective_cost = -1e999 WHERE id = 13", "charges row id 13, column effective_cost"),
        ("UPDATE charges SET list_cost = 'NaN' WHERE id = 3", "charges row id 3, column list_cost"),
        ("UPDATE statements SET total_cost = 1e15 WHERE id = 2", "statements row id 2, column total_cost"),
        ("UPDATE imports SET flagged_cost = 'inf' WHERE id = 4", "imports row id 4, column flagged_cost"),
    ])
    func aNaNAnInfinityOrAnAmountOutOfRangeRefusesTheWholeImport(change: String, cell: String) throws {
        let f = try LegacyFixture()
        try f.apply(change)
        let before = try f.state()
        #expect {
            try f.importLegacy()
        } throws: { error in
            guard case LegacyLedgerError.invalidMoney = error else { return false }
            return "\(error)".contains(cell) && "\(error)".contains("nothing was imported")
        }
        #expect(!FileManager.default.fileExists(atPath: f.ours))
        #expect(try f.state() == before)
    }

    @Test func aBrokenReferenceOrMissingColumnIsNamed() throws {
        let f = try LegacyFixture()
        try f.apply("UPDATE charges SET source_id = 99 WHERE id = 6")
        #expect { try f.importLegacy() } throws: { "\($0)".contains("charges row id 6, column source_id: 99 names no row of sources") }
        let g = try LegacyFixture()
        try g.apply("ALTER TABLE charges DROP COLUMN rejection_note")
        #expect { try g.importLegacy() } throws: { "\($0)".contains("table charges has no column rejection_note") }
    }

    @Test func aWALModeLegacyFileIsReadWithoutAFileLeftBesideIt() throws {
        let f = try LegacyFixture()
        try f.apply("PRAGMA journal_mode = WAL")
        let before = try f.state()
        #expect(before.journalBytes == [2, 2])
        #expect(before.folder == ["billing.db"])
        let report = try f.importLegacy()
        guard case .imported = report.outcome else { Issue.record("not imported"); return }
        #expect(try f.state() == before)
    }

    @Test func legacyLocalTimesAreReadInTheLegacyServersZone() throws {
        let f = try LegacyFixture()
        try f.importLegacy(zone: "America/Chicago")
        let store = try f.store()
        // Python's local times (microseconds) move by the zone's offset (CDT, UTC-5) …
        #expect(try PeriodWorkflow(store: store).get(march)?.closedAt == "2025-04-05T15:00:00Z")
        // … SQLite's CURRENT_TIMESTAMP (no fraction) was UTC already.
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM imports WHERE imported_at = '2025-04-02T09:00:00Z'") == 1)
    }

    @Test func aLegacyConfigsTagMappingFillsCostCenter() throws {
        let f = try LegacyFixture()
        var mapping = TagMapping()
        mapping.costCenter = "grant_number"
        try f.importLegacy(tagMapping: mapping)
        let store = try f.store()
        #expect(try LegacyFixture.count(store, "SELECT COUNT(*) FROM charges WHERE cost_center = 'G-1'") == 1)
    }
}
