import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// The bundled sample data, ingested with config.example.yaml's rules, gives
/// exactly the totals that sample_data/expected_totals.py computed from the
/// CSV files with Python's decimal module.
@Suite struct SampleDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("sample_data/expected_totals.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func ledger() throws -> TestLedger {
        var yaml = try String(contentsOf: Self.root.appendingPathComponent("config.example.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "./demo/", with: "./")
        let t = try TestLedger(configYAML: yaml)
        for period in ["2026-09", "2026-10"] {
            let files = ["aws", "azure", "hpc", "storage"].map { Self.root.appendingPathComponent("sample_data/\($0)_\(period).csv").path }
            let report = try t.ingest(files, source: nil, period: period)
            #expect(report.committed)
        }
        return t
    }

    static func nanos(_ value: Any?) throws -> Int64 {
        let text = try #require((value as? [String: Any])?["exact"] as? String)
        return try Money(parsing: text).nanos
    }

    @Test func totalsPerPIAndProjectMatchTheDocumentedOnes() throws {
        let t = try ledger()
        let all = try expected()
        for period in ["2026-09", "2026-10"] {
            let e = try #require(all[period] as? [String: Any])
            let rows = try #require(e["by_pi_project"] as? [[String: Any]])
            for row in rows {
                let pi = try #require(row["pi_email"] as? String)
                let project = try #require(row["project_id"] as? String)
                let totals = try t.store.read { db in
                    try Row.fetchOne(db, sql: """
                        SELECT COUNT(*) AS n, SUM(list_nanos) AS l, SUM(contracted_nanos) AS c, SUM(billed_nanos) AS b
                        FROM charges WHERE period = ? AND pi_email = ? AND project_id = ? AND review_status IN ('none', 'approved')
                        """, arguments: [period, pi, project])
                }
                #expect(totals?["n"] == row["rows"] as? Int, "\(period) \(pi) \(project)")
                #expect(totals?["l"] == (try Self.nanos(row["list"])), "\(period) \(pi) \(project) list")
                #expect(totals?["c"] == (try Self.nanos(row["contracted"])), "\(period) \(pi) \(project) contracted")
                #expect(totals?["b"] == (try Self.nanos(row["billed"])), "\(period) \(pi) \(project) billed")
            }
            let summary = try PeriodReports(store: t.store).summary(BillingPeriod(period)!)
            let grand = try #require(e["grand"] as? [String: Any])
            #expect(summary.onStatements.rows == grand["statement_rows"] as? Int)
            #expect(summary.onStatements.billed.nanos == Int128(try Self.nanos(grand["billed_statement_rows"])))
            #expect(summary.awaitingReview.billed.nanos == Int128(try Self.nanos(grand["billed_awaiting_review"])))
            #expect(try Reconciler(store: t.store).reconcile(BillingPeriod(period)!).balances)
        }
    }

    @Test func flaggedRowsAndReasonsMatch() throws {
        let t = try ledger()
        let all = try expected()
        for period in ["2026-09", "2026-10"] {
            let e = try #require(all[period] as? [String: Any])
            let flagged = try #require(e["flagged"] as? [[String: Any]])
            let pending = try ReviewQueue(store: t.store).pending(.init(period: BillingPeriod(period)))
            #expect(pending.count == flagged.count)
            for row in flagged {
                let line = try #require(row["line"] as? Int)
                let reason = try #require((row["reasons"] as? [String])?.first)
                let match = pending.first { $0.line == line && $0.flagReason == reason }
                #expect(match != nil, "\(period) line \(line) \(reason)")
                #expect(match?.billedNanos == (try Self.nanos(row["billed"])))
            }
        }
    }

    /// Read a batch of PIs at a time off one cursor, the statements are exactly the ones read all at once.
    @Test func statementsInBatchesAreTheStatementsAllAtOnce() throws {
        let t = try ledger()
        let p = try #require(BillingPeriod("2026-10"))
        let reports = StatementReports(store: t.store)
        let all = try reports.load(p)
        #expect(all.count > 4)
        var batches: [[StatementReport]] = []
        try reports.forEachBatch(p, size: 3) { batches.append($0) }
        #expect(batches.map(\.count) == Array(repeating: 3, count: all.count / 3) + (all.count % 3 == 0 ? [] : [all.count % 3]))
        #expect(batches.flatMap { $0 }.map(\.contentDigest) == all.map(\.contentDigest))
        #expect(batches.flatMap { $0 }.map(\.piEmail) == all.map(\.piEmail))
    }
}
