import Foundation
import GRDB
import Testing
@testable import ChargebackCore

@Suite struct PeriodWorkflowTests {
    let p = BillingPeriod("2026-10")!

    @Test func lifeCycleRecordsWhoAndWhen() throws {
        let t = try TestLedger()
        let flow = PeriodWorkflow(store: t.store)
        #expect(try flow.open(p, actor: "ann"))
        #expect(try flow.open(p, actor: "ann") == false)
        try flow.close(p, actor: "bob", notes: "month end")
        try flow.reopen(p, reason: "late HPC export", actor: "cyd")
        try flow.close(p, actor: "bob")
        try flow.finalize(p, actor: "dee")
        let record = try #require(try flow.get(p))
        #expect(record.status == .finalized)
        #expect(record.closedBy == "bob")
        #expect(record.reopenedBy == "cyd")
        #expect(record.reopenReason == "late HPC export")
        #expect(record.finalizedBy == "dee")
        #expect(record.notes == "month end")
        #expect(try flow.history(p).map(\.action) == ["period.open", "period.close", "period.reopen", "period.close", "period.finalize"])
    }

    @Test func invalidTransitionsAreRefused() throws {
        let t = try TestLedger()
        let flow = PeriodWorkflow(store: t.store)
        #expect(throws: LedgerError.unknownPeriod(p)) { try flow.close(p, actor: "a") }
        try flow.open(p, actor: "a")
        #expect(throws: LedgerError.invalidTransition(p, from: .open, to: .finalized)) { try flow.finalize(p, actor: "a") }
        #expect(throws: LedgerError.invalidTransition(p, from: .open, to: .open)) { try flow.reopen(p, reason: "x", actor: "a") }
        try flow.close(p, actor: "a")
        #expect(throws: LedgerError.emptyValue("the reopen reason")) { try flow.reopen(p, reason: "  ", actor: "a") }
        try flow.finalize(p, actor: "a")
        #expect(throws: LedgerError.invalidTransition(p, from: .finalized, to: .open)) { try flow.reopen(p, reason: "oops", actor: "a") }
    }

    @Test func finalizeRefusesWhileChargesAwaitReview() throws {
        let t = try TestLedger()
        let noProject = TestLedger.row(tags: #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#)
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(), noProject])])
        let flow = PeriodWorkflow(store: t.store)
        try flow.close(p, actor: "a")
        #expect(throws: LedgerError.pendingReview(p, count: 1)) { try flow.finalize(p, actor: "a") }
        let pending = try ReviewQueue(store: t.store).pending()
        _ = try ReviewQueue(store: t.store).approve(ids: pending.map(\.id), period: nil, note: "ok", actor: "a")
        try flow.finalize(p, actor: "a")
        #expect(try flow.get(p)?.status == .finalized)
    }

    /// The guarantee does not depend on our code: raw SQL, as any tool would
    /// write it, cannot change a finalized period's charges.
    @Test func triggersProtectFinalizedPeriodsFromAnyWrite() throws {
        let t = try TestLedger()
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row()])])
        let flow = PeriodWorkflow(store: t.store)
        try flow.close(p, actor: "a")
        try flow.finalize(p, actor: "a")
        let raw = try DatabaseQueue(path: t.config.database.path)
        let attempts = [
            "UPDATE charges SET billed_nanos = 0",
            "DELETE FROM charges",
            "UPDATE periods SET status = 'open'",
            "DELETE FROM periods",
            "INSERT INTO charges (period, source_id, content_hash, import_id, line, billing_period_start, list_nanos, contracted_nanos, billed_nanos, effective_nanos, pi_email, tags, review_status) SELECT period, source_id, x'00', import_id, 1, billing_period_start, 1, 1, 1, 1, 'x', '{}', 'none' FROM charges",
            "UPDATE charges SET review_status = 'rejected', flag_reason = 'x'",
            "DELETE FROM audit_log",
        ]
        for sql in attempts {
            #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
        }
        let billed = try raw.read { try Int64.fetchOne($0, sql: "SELECT SUM(billed_nanos) FROM charges") }
        #expect(billed == 8_500_000_000)
    }

    @Test func closedPeriodRefusesImportsUntilReopened() throws {
        let t = try TestLedger()
        let file = try t.file("aws_a.csv", [TestLedger.row()])
        _ = try t.ingest([file])
        try PeriodWorkflow(store: t.store).close(p, actor: "a")
        let changed = try t.file("aws_b.csv", [TestLedger.row(billed: "9.00")])
        #expect(throws: LedgerError.periodClosed(p)) { try t.ingest([changed]) }
        // Raw SQL cannot add a charge to a closed period either.
        #expect(throws: (any Error).self) {
            try t.store.write { db in
                try db.execute(sql: "UPDATE charges SET billed_nanos = 1")
            }
        }
        try PeriodWorkflow(store: t.store).reopen(p, reason: "corrected export", actor: "a")
        let report = try t.ingest([changed])
        #expect(report.committed)
        #expect(report.updated == 1)
    }
}
