import Testing
@testable import ChargebackCore

/// Statements of some PIs only (`generate --to`): chosen in any case, the rest never read.
@Suite struct StatementSelectionTests {
    @Test func onlyTheChosenPIsStatementsAreReadAndAnUnknownOneIsNamed() throws {
        let t = try TestLedger()
        func tags(_ pi: String) -> String { #"{"pi_email":"\#(pi)","project_id":"p1","fund_org":"123456-1000"}"# }
        _ = try t.ingest([try t.file("aws_s.csv", [
            TestLedger.row(resource: "a", billed: "1.00", tags: tags("Ada@uni.edu")),
            TestLedger.row(resource: "b", billed: "2.00", tags: tags("bob@uni.edu")),
            TestLedger.row(resource: "c", billed: "3.00", tags: tags("cyd@uni.edu")),
            TestLedger.row(resource: "d", billed: "4.00", tags: #"{"pi_email":"dee@uni.edu","fund_org":"123456-1000"}"#),
        ])])
        let period = try #require(BillingPeriod("2026-10"))
        let reports = StatementReports(store: t.store)
        #expect(try reports.count(period) == 3, "dee's charge awaits review")
        #expect(try reports.count(period, pis: ["ADA@UNI.EDU", "cyd@uni.edu", "ada@uni.edu"]) == 2)
        #expect(try reports.count(period, pis: []) == 0)
        var read: [String] = []
        try reports.forEachBatch(period, pis: ["ada@UNI.edu", "cyd@uni.edu"], size: 1) { read += $0.map(\.piEmail) }
        #expect(read == ["Ada@uni.edu", "cyd@uni.edu"])
        #expect(try reports.withoutStatement(["ADA@uni.edu", "dee@uni.edu", "x' OR 1=1 --"], period: period) == ["dee@uni.edu", "x' OR 1=1 --"])
    }
}
