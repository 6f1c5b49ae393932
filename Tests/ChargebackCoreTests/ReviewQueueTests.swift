import Foundation
import GRDB
import Testing
@testable import ChargebackCore

@Suite struct ReviewQueueTests {
    /// Three flagged charges of 2026-10 and one billable one.
    func ledger() throws -> TestLedger {
        let t = try TestLedger()
        let noProject = #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#
        _ = try t.ingest([try t.file("aws_r.csv", [
            TestLedger.row(resource: "a", billed: "1.25", tags: noProject),
            TestLedger.row(resource: "b", billed: "2.50", tags: noProject),
            TestLedger.row(service: "AWS Marketplace", resource: "c", billed: "4.00"),
            TestLedger.row(resource: "d"),
        ])])
        return t
    }

    @Test func bulkApprovalRecordsEveryDecisionWithOneBatch() throws {
        let t = try ledger()
        let queue = ReviewQueue(store: t.store)
        #expect(try queue.pending(.init(reason: "pattern_match:*")).count == 1)
        #expect(try queue.pending(.init(reason: "missing_project")).count == 2)
        let outcome = try queue.approve(ids: [], period: BillingPeriod("2026-10"), note: "checked", actor: "ann")
        #expect(outcome.changed == 3)
        #expect(outcome.amount.nanos == 7_750_000_000)
        let decisions = try t.store.read { db in try ReviewDecisionRecord.fetchAll(db) }
        #expect(decisions.count == 3)
        #expect(Set(decisions.compactMap(\.batch)).count == 1)
        #expect(decisions.allSatisfy { $0.actor == "ann" && $0.note == "checked" && $0.decision == "approve" })
        #expect(decisions.map(\.billedNanos).reduce(0, +) == 7_750_000_000)
        #expect(try queue.pending().isEmpty)
        #expect(try t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'review.approve'") == 3)
    }

    @Test func onlyPendingChargesChangeAndTheRestAreReported() throws {
        let t = try ledger()
        let queue = ReviewQueue(store: t.store)
        let pending = try queue.pending().map(\.id)
        let billable = try #require(try t.store.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM charges WHERE review_status = 'none'") })
        let first = try queue.reject(ids: [pending[0]], note: "test account", actor: "bob")
        #expect(first.changed == 1)
        let second = try queue.approve(ids: [pending[0], billable, pending[1]], period: nil, note: nil, actor: "bob")
        #expect(second.changed == 1)
        #expect(Set(second.skipped) == [pending[0], billable])
        #expect(throws: LedgerError.noSuchCharges([999_999])) { try queue.approve(ids: [999_999], period: nil, note: nil, actor: "bob") }
        #expect(throws: LedgerError.emptyValue("the rejection note")) { try queue.reject(ids: [pending[2]], note: " ", actor: "bob") }
        let status = try t.store.read { db in try String.fetchOne(db, sql: "SELECT review_status FROM charges WHERE id = ?", arguments: [pending[0]]) }
        #expect(status == "rejected")
        let r = try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!)
        #expect(r.balances)
        #expect(r.rejected.rows == 1)
        #expect(r.rejected.billed.nanos == 1_250_000_000)
    }

    @Test func decisionsAreAPermanentRecord() throws {
        let t = try ledger()
        let queue = ReviewQueue(store: t.store)
        _ = try queue.approve(ids: [], period: BillingPeriod("2026-10"), note: nil, actor: "ann")
        #expect(throws: (any Error).self) { try t.store.write { db in try db.execute(sql: "DELETE FROM review_decisions") } }
        #expect(throws: (any Error).self) { try t.store.write { db in try db.execute(sql: "UPDATE review_decisions SET actor = 'mallory'") } }
        #expect(try t.count("SELECT COUNT(*) FROM review_decisions WHERE actor = 'ann'") == 3)
    }
}
