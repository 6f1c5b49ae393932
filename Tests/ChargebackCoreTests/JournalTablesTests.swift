import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// The `detail` and `summary` journal files: fixed columns, exact amounts,
/// RFC 4180 that a spreadsheet cannot run.
@Suite struct JournalTablesTests {
    let accounts: JournalAccounts

    init() throws {
        accounts = JournalAccounts(config: try JF.config { $0.journal.defaultAccount = "74000" })
    }

    static func parse(_ doc: CSVDocument, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        try #require(JF.parseCSV(doc.bytes), "not RFC 4180: \(String(decoding: doc.bytes, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test func detailHasOneRowPerChargeWithTheHeader() throws {
        let statement = JF.statement(JF.ada, [
            JF.project("p1", pi: JF.ada, [
                JF.line("8.505", source: "aws", account: "75000", resourceId: "i-1", resourceName: "web", description: "compute", list: "10.00"),
                JF.line("0.005", source: "hpc", fundOrg: JF.f2, date: "2026-10-02"),
            ]),
            JF.project("p2", pi: JF.ada, [JF.line("-1.25", source: "gcp")]),
        ])
        let doc = JournalTables.detail(statement, accounts: accounts)
        #expect(doc.rows == 3)
        let rows = try Self.parse(doc)
        #expect(rows.first == JournalTables.detailHeader)
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.count == JournalTables.detailHeader.count })
        func cells(_ row: [String]) -> [String: String] { Dictionary(uniqueKeysWithValues: zip(JournalTables.detailHeader, row)) }
        let first = cells(rows[1]), second = cells(rows[2]), third = cells(rows[3])

        #expect(first["period"] == "2026-10")
        #expect(first["pi_email"] == JF.ada)
        #expect(first["project_id"] == "p1")
        #expect(first["statement_id"] == StatementID.make(period: JF.period, piEmail: JF.ada, projectId: "p1"))
        #expect(first["fund_org"] == JF.f1)
        #expect(first["account"] == "75000")   // the tag
        #expect(first["source"] == "aws")
        #expect(first["date"] == "2026-10-01")
        #expect(first["resource_id"] == "i-1")
        #expect(first["resource_name"] == "web")
        #expect(first["description"] == "compute")
        #expect(first["type"] == "charge")
        #expect(first["review_status"] == "none")
        // Exact amounts, never rounded: 10.00 list, 8.505 billed (= contracted).
        #expect(first["list"] == "10.00")
        #expect(first["contracted"] == "8.505")
        #expect(first["billed"] == "8.505")
        #expect(first["discount"] == "1.495")
        #expect(first["subsidy"] == "0.00")

        #expect(second["account"] == "74300")  // hpc's own account
        #expect(second["fund_org"] == JF.f2)
        #expect(second["billed"] == "0.005")
        #expect(second["date"] == "2026-10-02")

        #expect(third["project_id"] == "p2")
        #expect(third["account"] == "74000")   // unknown source: journal.default_account
        #expect(third["type"] == "refund")
        #expect(third["billed"] == "-1.25")
        // A negative amount is a number, not a formula: no quote, no apostrophe.
        #expect(String(decoding: doc.bytes, as: UTF8.self).contains(",-1.25,-1.25,-1.25,0.00,0.00\r\n"))
    }

    @Test func periodDetailConcatenatesEachPIsRows() throws {
        let a = JournalTables.detail(JF.statement(JF.ada, [JF.line("1.00"), JF.line("2.00", resourceName: "x,y")]), accounts: accounts)
        let b = JournalTables.detail(JF.statement(JF.bob, [JF.line("3.00", description: "two\r\nlines")]), accounts: accounts)
        let empty = JournalTables.detail(JF.statement(JF.cyd, [StatementReport.Project]()), accounts: accounts)
        #expect(empty.rows == 0)
        let all = JournalTables.detail([a, empty, b])
        #expect(all.rows == 3)
        let rows = try Self.parse(all)
        #expect(rows == [JournalTables.detailHeader] + Array(try Self.parse(a).dropFirst()) + Array(try Self.parse(b).dropFirst()))
        #expect(rows[3][11] == "two\r\nlines")
        #expect(JournalTables.detail([]).bytes == CSVDocument(header: JournalTables.detailHeader).bytes)
    }

    @Test func summaryAmountDueIsTheAllocation() throws {
        let statements = [
            JF.statement(JF.ada, [
                JF.project("p1", pi: JF.ada, [JF.line("0.005"), JF.line("0.005", source: "hpc")]),
                // 1.115 + 2.225 = 3.34: floors 111 and 222, the last cent to the earlier part (f1).
                JF.project("p2", pi: JF.ada, [JF.line("1.115", fundOrg: JF.f1), JF.line("2.225", fundOrg: JF.f2, list: "3.00")]),
            ]),
            JF.statement(JF.bob, [JF.line("-3.00", fundOrg: JF.f2)]),
        ]
        let entries = JF.build(statements, config: try JF.config())
        let doc = JournalTables.summary(entries)
        let rows = try Self.parse(doc)
        #expect(rows.first == JournalTables.summaryHeader)
        #expect(doc.rows == entries.allocations.count)
        #expect(rows.count == entries.allocations.count + 1)
        let body = Array(rows.dropFirst())
        let due = JournalTables.summaryHeader.firstIndex(of: "amount_due")!
        for (row, allocation) in zip(body, entries.allocations) {
            #expect(row[1] == allocation.piEmail && row[2] == allocation.projectId && row[4] == allocation.fundOrg)
            #expect(row[due] == MoneyFormat.cents(allocation.cents))
        }
        #expect(body.map { [$0[1], $0[2], $0[4], $0[5], $0[8], $0[due]] } == [
            [JF.ada, "p1", JF.f1, "2", "0.01", "0.01"],
            [JF.ada, "p2", JF.f1, "1", "1.115", "1.12"],
            [JF.ada, "p2", JF.f2, "1", "2.225", "2.22"],
            [JF.bob, "p1", JF.f2, "1", "-3.00", "-3.00"],
        ])
        // list 3.00 vs 2.225 billed on ada p2/f2.
        #expect(body[2][6] == "3.00" && body[2][9] == "0.775" && body[2][10] == "0.00")
        // The amounts due add up to what the GL debits, net.
        let cents = body.map { Int64($0[due].replacingOccurrences(of: ".", with: ""))! }
        #expect(cents.reduce(0, +) == entries.billedCents)
        #expect(cents.reduce(0, +) == entries.netDebitByFundOrg.values.reduce(0, +))
    }

    /// Hostile text: what a spreadsheet would run, or what breaks naive CSV.
    /// `escaped` is the exact cell text written; `cell` what a CSV reader gets back.
    static let hostile: [(value: String, escaped: String, cell: String)] = [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"", "'=HYPERLINK(\"x\")"),
        ("+1+1", "'+1+1", "'+1+1"),
        ("-2+3", "'-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd", "'\tcmd"),
        ("\r=1", "\"'\r=1\"", "'\r=1"),
        ("a,\"b\"\nc", "\"a,\"\"b\"\"\nc\"", "a,\"b\"\nc"),
        // Plain numbers stay numbers (CSVCell's documented exception), signed or not.
        ("-12.50", "-12.50", "-12.50"),
        ("+1", "+1", "+1"),
        ("plain", "plain", "plain"),
    ]

    @Test func hostileCellsAreQuotedAndNeutralised() throws {
        let project = "=HYPERLINK(\"x\")"
        let lines = Self.hostile.enumerated().map { i, h in
            JF.line("1.00", resourceId: "r-\(i)", resourceName: h.value, description: h.value)
        }
        let statement = JF.statement(JF.ada, [JF.project(project, pi: JF.ada, lines)])
        let doc = JournalTables.detail(statement, accounts: accounts)
        let text = String(decoding: doc.bytes, as: UTF8.self)
        let rows = try Self.parse(doc)
        #expect(rows.count == Self.hostile.count + 1)
        let name = JournalTables.detailHeader.firstIndex(of: "resource_name")!
        for (i, h) in Self.hostile.enumerated() {
            let row = rows[i + 1]
            #expect(row.count == JournalTables.detailHeader.count)
            #expect(row[2] == "'" + project)
            #expect(row[name] == h.cell, "resource name \(h.value.debugDescription)")
            #expect(row[name + 1] == h.cell, "description \(h.value.debugDescription)")
            // Exactly as written, between the cell's neighbours.
            #expect(text.contains(",r-\(i),\(h.escaped),\(h.escaped),charge,"), "\(h.value.debugDescription) written as \(h.escaped.debugDescription)")
            // Nothing a spreadsheet would evaluate starts a cell.
            if let first = row[name].unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                #expect(CSVCell.isPlainNumber(row[name]))
            }
        }

        // The same in the summary: a hostile project id.
        let summary = JournalTables.summary(JF.build([statement], config: try JF.config()))
        let summaryRows = try Self.parse(summary)
        #expect(summaryRows.count == 2)
        #expect(summaryRows[1][2] == "'" + project)
        #expect(String(decoding: summary.bytes, as: UTF8.self).contains(",\"'=HYPERLINK(\"\"x\"\")\","))
    }
}

@Suite struct JournalExportLogTests {
    @Test func recordIsListedAndAudited() throws {
        let t = try TestLedger()
        try PeriodWorkflow(store: t.store).open(JF.period, actor: "ann")
        let log = JournalExportLog(store: t.store)
        let gl = try log.record(period: JF.period, format: "gl", path: "/out/gl.csv", rows: 6,
                                debitCents: 34_700, creditCents: 34_700, sha256: "abc123", actor: "ann")
        let summary = try log.record(period: JF.period, format: "summary", path: "/out/summary.csv", rows: 4,
                                     debitCents: -5, creditCents: 0, sha256: "def456", actor: "bob")
        let glID = try #require(gl.id)
        let summaryID = try #require(summary.id)
        #expect(glID != summaryID)
        #expect(gl.debitNanos == 347_000_000_000 && gl.creditNanos == 347_000_000_000)
        #expect(summary.debitNanos == -50_000_000 && summary.creditNanos == 0)
        #expect(!gl.exportedAt.isEmpty)

        #expect(try log.list(period: JF.period) == [gl, summary])
        #expect(try log.list(period: BillingPeriod("2026-11")!).isEmpty)

        let audit = try t.store.read { db in
            try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE action = 'journal.export' ORDER BY id")
        }
        #expect(audit.count == 2)
        #expect(audit.map(\.actor) == ["ann", "bob"])
        #expect(audit.map(\.entityId) == [String(glID), String(summaryID)])
        #expect(audit.allSatisfy { $0.entity == "journal_export" && $0.period == "2026-10" })
        #expect(audit[0].details.contains("gl 6 rows"))
        #expect(audit[0].details.contains("abc123"))
        #expect(audit[0].details.contains("/out/gl.csv"))
        #expect(audit[1].details.contains("summary 4 rows") && audit[1].details.contains("def456"))
    }

    /// `build`'s files: a row when a path's bytes are new, none when they are what the last build recorded.
    @Test func recordBuildAddsARowOnlyWhenAFilesBytesChanged() throws {
        let t = try TestLedger()
        try PeriodWorkflow(store: t.store).open(JF.period, actor: "ann")
        let log = JournalExportLog(store: t.store)
        func file(_ path: String, _ sha: String) -> JournalExportLog.File {
            .init(format: "detail", path: path, rows: 2, debitCents: 100, creditCents: 0, sha256: sha)
        }
        let first = try log.recordBuild(period: JF.period, files: [file("finance/2026-10/d.csv", "aa"), file("finance/2026-10/s.csv", "bb")],
                                        actor: "build")
        #expect(first.count == 2 && first.allSatisfy { $0.origin == .build && $0.actor == "build" })
        #expect(try log.recordBuild(period: JF.period, files: [file("finance/2026-10/d.csv", "aa"), file("finance/2026-10/s.csv", "bb")],
                                    actor: "zed").isEmpty)
        // export-journal wrote the same path and bytes: build's own last record is what counts.
        try log.record(period: JF.period, format: "detail", path: "finance/2026-10/d.csv", rows: 2, debitCents: 100, creditCents: 0,
                       sha256: "cc", actor: "frank")
        #expect(try log.recordBuild(period: JF.period, files: [file("finance/2026-10/d.csv", "aa")], actor: "zed").isEmpty)
        // New bytes: a row; back to the old bytes: a row again (the file changed twice).
        #expect(try log.recordBuild(period: JF.period, files: [file("finance/2026-10/d.csv", "dd")], actor: "ann").count == 1)
        #expect(try log.recordBuild(period: JF.period, files: [file("finance/2026-10/d.csv", "aa")], actor: "ann").count == 1)
        #expect(try t.count("SELECT COUNT(*) FROM journal_exports WHERE origin = 'build'") == 4)
        #expect(try t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'journal.export'") == 5)
    }

    @Test func unknownPeriodThrowsAndWritesNothing() throws {
        let t = try TestLedger()
        let auditBefore = try t.count("SELECT COUNT(*) FROM audit_log")
        let missing = BillingPeriod("2027-01")!
        #expect(throws: LedgerError.unknownPeriod(missing)) {
            try JournalExportLog(store: t.store).record(period: missing, format: "gl", path: "-", rows: 0,
                                                        debitCents: 0, creditCents: 0, sha256: "", actor: "ann")
        }
        #expect(try t.count("SELECT COUNT(*) FROM journal_exports") == 0)
        #expect(try t.count("SELECT COUNT(*) FROM audit_log") == auditBefore)
        #expect(try JournalExportLog(store: t.store).list(period: missing).isEmpty)
    }
}

@Suite struct JournalExportLogOverflowTests {
    @Test func totalsBeyondTheLedgersRangeAreRefusedNotWrapped() throws {
        let t = try TestLedger()
        _ = try PeriodWorkflow(store: t.store).open(BillingPeriod("2026-10")!, actor: "t")
        #expect(throws: MoneyError.overflow) {
            try JournalExportLog(store: t.store).record(period: BillingPeriod("2026-10")!, format: "gl", path: "x", rows: 1,
                                                        debitCents: Int64.max / 100, creditCents: 0, sha256: "", actor: "t")
        }
        #expect(try JournalExportLog(store: t.store).list(period: BillingPeriod("2026-10")!).isEmpty)
    }
}
