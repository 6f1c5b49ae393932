import GRDB
import Testing
@testable import ChargebackCore

@Suite struct StatementLogTests {
    @Test func generatingAgainReplacesTheRowAndEachRunIsAudited() throws {
        let t = try TestLedger()
        let p = try #require(BillingPeriod("2026-10"))
        _ = try PeriodWorkflow(store: t.store).open(p, actor: "t")
        let log = StatementLog(store: t.store)
        let first = StatementRecord(period: "2026-10", piEmail: "ada@uni.edu", projectId: "p1", fundOrg: "123456-1000",
                                    totalNanos: 1_250_000_000, path: "/pdf/a.pdf", sha256: "aa")
        try log.record([first], period: p, actor: "t")
        var again = first
        again.totalNanos = 2_000_000_000
        again.sha256 = "bb"
        let other = StatementRecord(period: "2026-10", piEmail: "ada@uni.edu", projectId: "p2", fundOrg: "",
                                    totalNanos: 0, path: "/pdf/b.pdf", sha256: "cc")
        try log.record([again, other], period: p, actor: "t")
        let rows = try log.list(period: p)
        #expect(rows.map(\.projectId) == ["p1", "p2"])
        #expect(rows.first?.totalNanos == 2_000_000_000 && rows.first?.sha256 == "bb")
        #expect(rows.allSatisfy { !$0.generatedAt.isEmpty })
        let audits = try t.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE action = 'statements.generate' AND period = '2026-10'")
        }
        #expect(audits == 2)
    }

    @Test func anUnknownPeriodRecordsNothing() throws {
        let t = try TestLedger()
        let p = try #require(BillingPeriod("2030-01"))
        #expect(throws: LedgerError.self) {
            try StatementLog(store: t.store).record([StatementRecord(period: "2030-01", piEmail: "a", projectId: "p", fundOrg: "",
                                                                     totalNanos: 0, path: nil, sha256: nil)], period: p, actor: "t")
        }
    }
}
