import Foundation
import GRDB
import Testing
@testable import ChargebackCore

@Suite struct IngestTests {
    @Test func insertsChargesAndReportsPerPeriod() throws {
        let t = try TestLedger()
        let file = try t.file("aws_a.csv", [
            TestLedger.row(list: "10.00", contracted: "8.50", billed: "8.50"),
            TestLedger.row(day: "02", list: "0.0000417", contracted: "0.000035", billed: "0.000035"),
            TestLedger.row(period: "2026-09", list: "", contracted: "NULL", billed: "5"),
        ])
        let report = try t.ingest([file])
        #expect(report.committed)
        #expect(report.inserted == 3)
        #expect(report.periods.map(\.period.description) == ["2026-09", "2026-10"])
        #expect(report.periods[1].billed.nanos == 8_500_035_000)
        // Absent list = billed; absent contracted = list.
        let row = try t.store.read { db in try Row.fetchOne(db, sql: "SELECT list_nanos, contracted_nanos FROM charges WHERE period = '2026-09'") }
        #expect(row?["list_nanos"] == 5_000_000_000 as Int64)
        #expect(row?["contracted_nanos"] == 5_000_000_000 as Int64)
        #expect(try PeriodWorkflow(store: t.store).get(BillingPeriod("2026-09")!)?.status == .open)
    }

    @Test func reingestChangesNothing() throws {
        let t = try TestLedger()
        let file = try t.file("aws_a.csv", (1...20).map { TestLedger.row(day: String(format: "%02d", $0), billed: "\($0).25") })
        _ = try t.ingest([file])
        let before = try t.count("SELECT COUNT(*) FROM charges")
        let auditBefore = try t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'charge.update'")
        let again = try t.ingest([file])
        #expect(again.inserted == 0)
        #expect(again.updated == 0)
        #expect(again.unchanged == 20)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == before)
        #expect(try t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'charge.update'") == auditBefore)
        #expect(try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!).balances)
    }

    @Test func unchangedChargeKeepsItsDecisionChangedOneIsReevaluatedAndLogged() throws {
        let t = try TestLedger()
        let flagged = TestLedger.row(resource: "r-9", tags: #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#)
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(), flagged])])
        let queue = ReviewQueue(store: t.store)
        let pending = try queue.pending()
        #expect(pending.count == 1)
        #expect(pending[0].flagReason == "missing_project")
        _ = try queue.approve(ids: [pending[0].id], period: nil, note: "known lab", actor: "ann")

        // Same data again: the approval stands.
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(), flagged])])
        #expect(try queue.pending().isEmpty)

        // The flagged charge's cost changes: re-evaluated, back in review, logged.
        let changed = TestLedger.row(resource: "r-9", billed: "9.99", tags: #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#)
        let report = try t.ingest([try t.file("aws_b.csv", [TestLedger.row(), changed])])
        #expect(report.updated == 1)
        #expect(report.unchanged == 1)
        #expect(try queue.pending().map(\.id) == [pending[0].id])
        let log = try t.store.read { db in try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE action = 'charge.update'") }
        #expect(log.count == 1)
        #expect(log[0].details.contains("billed 8.50 -> 9.99"))
        #expect(log[0].details.contains("review approved (missing_project) -> pending (missing_project)"))
        #expect(try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!).balances)
    }

    @Test func rowsSharingKeysAndEmptyIdsAreDistinctCharges() throws {
        let t = try TestLedger()
        // Two identical rows, and rows with empty ResourceId and ChargePeriodStart.
        let same = TestLedger.row(resource: "r-1")
        let noIds = "2026-10-01,,,,USD,Support,Usage,monthly fee,,,,3,3,3,3,\"{\"\"pi_email\"\":\"\"ada@uni.edu\"\",\"\"project_id\"\":\"\"p1\"\",\"\"fund_org\"\":\"\"123456-1000\"\"}\""
        let file = try t.file("aws_a.csv", [same, same, noIds, noIds])
        let first = try t.ingest([file])
        #expect(first.inserted == 4)
        let second = try t.ingest([file])
        #expect(second.unchanged == 4)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 4)
        // One of the twins changes: exactly one update, still four charges.
        let edited = try t.file("aws_a.csv", [same, TestLedger.row(resource: "r-1", billed: "1.00"), noIds, noIds])
        let third = try t.ingest([edited])
        #expect(third.updated == 1)
        #expect(third.unchanged == 3)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 4)
    }

    @Test func rowErrorsCommitNothingAndNameFileLineColumn() throws {
        let t = try TestLedger()
        let errors = TestLedger.ErrorLog()
        let file = try t.file("aws_bad.csv", [
            TestLedger.row(),
            TestLedger.row(billed: "12,50"),
            TestLedger.row(period: "2026/10"),
            TestLedger.row(tags: "[1,2]"),
            "2026-10-01,too,few",
        ])
        let report = try t.ingest([file], errors: errors)
        #expect(!report.committed)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 0)
        #expect(try t.count("SELECT COUNT(*) FROM imports") == 0)
        let lines = errors.all.map { "\($0.line):\($0.column)" }
        #expect(lines.contains("3:BilledCost"))
        #expect(lines.contains("4:BillingPeriodStart"))
        #expect(lines.contains("5:Tags"))
        #expect(errors.all.contains { $0.line == 6 && $0.message.contains("16") })
        #expect(errors.all.allSatisfy { $0.file == file })
        #expect(errors.all.first { $0.column == "BilledCost" }?.description.hasPrefix("\(file):3: BilledCost: ") == true)
    }

    @Test func skipInvalidCommitsValidRowsAndWritesRejectsVerbatim() throws {
        let t = try TestLedger()
        let bad = TestLedger.row(billed: "twelve")
        let file = try t.file("aws_mixed.csv", [TestLedger.row(), bad, TestLedger.row(day: "03")])
        let report = try t.ingest([file], skipInvalid: true)
        #expect(report.committed)
        #expect(report.inserted == 2)
        #expect(report.invalid == 1)
        let rejectsPath = try #require(report.files.first?.rejectsPath)
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8)
        let lines = rejects.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == TestLedger.header + ",RejectReason")
        #expect(lines[1].hasPrefix(bad + ","))
        #expect(lines[1].contains("BilledCost"))
        let reconcile = try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!)
        #expect(reconcile.balances)
        #expect(reconcile.invalidRows == 1)
        // A second skip-invalid run never overwrites the first rejects file.
        let again = try t.ingest([file], skipInvalid: true)
        #expect(again.files.first?.rejectsPath != rejectsPath)
        #expect(try String(contentsOfFile: rejectsPath, encoding: .utf8) == rejects)
    }

    @Test func missingRequiredColumnsIsOneFileError() throws {
        let t = try TestLedger()
        let errors = TestLedger.ErrorLog()
        let file = try t.file("aws_cols.csv", ["2026-10-01,x"], header: "ChargePeriodStart,ServiceName")
        let report = try t.ingest([file], skipInvalid: true, errors: errors)
        #expect(!report.committed)
        #expect(errors.all.count == 1)
        let message = errors.all.first?.message ?? ""
        #expect(message.contains("BillingPeriodStart") && message.contains("BilledCost") && message.contains("Tags"))
    }

    @Test func oneTransactionForAllFiles() throws {
        let t = try TestLedger()
        let good = try t.file("aws_good.csv", [TestLedger.row()])
        let bad = try t.file("aws_bad.csv", [TestLedger.row(billed: "x")])
        let report = try t.ingest([good, bad])
        #expect(!report.committed)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 0)
        #expect(try t.count("SELECT COUNT(*) FROM periods") == 0)
    }

    @Test func dryRunCommitsNothingButCountsExactly() throws {
        let t = try TestLedger()
        let file = try t.file("aws_a.csv", [TestLedger.row(), TestLedger.row(day: "02")])
        let report = try t.ingest([file], dryRun: true)
        #expect(!report.committed)
        #expect(report.inserted == 2)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 0)
    }

    @Test func flagReasonsInOrder() throws {
        let t = try TestLedger()
        let rows = [
            TestLedger.row(period: "2026-09"),
            TestLedger.row(resource: "a", tags: #"{"project_id":"p1","fund_org":"123456-1000"}"#),
            TestLedger.row(resource: "b", tags: #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#),
            TestLedger.row(resource: "c", tags: #"{"pi_email":"ada@uni.edu","project_id":"p1"}"#),
            TestLedger.row(resource: "d", tags: #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"BADFUND"}"#),
            TestLedger.row(resource: "e", currency: "EUR"),
            TestLedger.row(service: "AWS Marketplace", resource: "f"),
            TestLedger.row(resource: "g", tags: #"{"project_id":"p1"}"#),
        ]
        _ = try t.ingest([try t.file("aws_f.csv", rows)], period: "2026-10")
        let reasons = try t.store.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(flag_reason, '-') FROM charges ORDER BY line") }
        #expect(reasons == ["period_mismatch", "missing_pi", "missing_project", "missing_fund_org", "invalid_fund_org",
                            "currency_mismatch", "pattern_match:(?i)marketplace", "missing_pi"])
        let unallocated = try t.count("SELECT COUNT(*) FROM charges WHERE pi_email = 'unallocated'")
        #expect(unallocated == 2)
    }

    @Test func hostileValuesAreStoredLiterally() throws {
        let t = try TestLedger()
        let long = String(repeating: "x", count: 10_000)
        let tags = #"{"pi_email":"ada@uni.edu","project_id":"../../etc/passwd","fund_org":"123456-1000","cost_center":"=cmd|' /C calc'!A0","note":"<script>alert(1)</script>","long":"\#(long)"}"#
        _ = try t.ingest([try t.file("aws_h.csv", [TestLedger.row(name: "a|b *c* <img src=x onerror=alert(1)> [x](javascript:y)", description: "Zoë Ωμέγα 王", tags: tags)])])
        let row = try #require(try t.store.read { db in try Row.fetchOne(db, sql: "SELECT * FROM charges") })
        #expect(row["resource_name"] == "a|b *c* <img src=x onerror=alert(1)> [x](javascript:y)")
        #expect(row["project_id"] == "../../etc/passwd")
        #expect(row["cost_center"] == "=cmd|' /C calc'!A0")
        #expect(row["charge_description"] == "Zoë Ωμέγα 王")
        #expect((row["tags"] as String).contains(long))
    }

    @Test func sourceIsDetectedFromFileNameOrRefused() throws {
        let t = try TestLedger()
        let report = try t.ingest([try t.file("hpc_2026-10.csv", [TestLedger.row()])], source: nil)
        #expect(report.files.first?.source == "hpc")
        #expect(throws: IngestError.self) { try t.ingest([try t.file("mystery.csv", [TestLedger.row()])], source: nil) }
        #expect(throws: LedgerError.unknownSource("gcp")) { try t.ingest([try t.file("x.csv", [TestLedger.row()])], source: "gcp") }
    }

    @Test func finalizedPeriodRefusesImport() throws {
        let t = try TestLedger()
        let file = try t.file("aws_a.csv", [TestLedger.row()])
        _ = try t.ingest([file])
        let p = BillingPeriod("2026-10")!
        try PeriodWorkflow(store: t.store).close(p, actor: "a")
        try PeriodWorkflow(store: t.store).finalize(p, actor: "a")
        #expect(throws: LedgerError.periodFinalized(p)) { try t.ingest([file]) }
    }

    @Test func reconcileDetectsALostCharge() throws {
        let t = try TestLedger()
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(), TestLedger.row(day: "02")])])
        let p = BillingPeriod("2026-10")!
        #expect(try Reconciler(store: t.store).reconcile(p).balances)
        try t.store.write { db in try db.execute(sql: "DELETE FROM charges WHERE line = 3") }
        let r = try Reconciler(store: t.store).reconcile(p)
        #expect(!r.balances)
        #expect(r.imported.rows == 2)
        #expect(r.accountedFor.rows == 1)
        #expect(r.identityMismatches == 1)  // the deleted charge's key is left over
    }

    @Test func reconcileDetectsAChargeWithoutIdentityKey() throws {
        let t = try TestLedger()
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(), TestLedger.row(day: "02")])])
        try t.store.write { db in try db.execute(sql: "DELETE FROM charge_keys WHERE charge_id = (SELECT MIN(id) FROM charges)") }
        let r = try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!)
        #expect(r.imported.rows == r.accountedFor.rows)
        #expect(r.identityMismatches == 1)
        #expect(!r.balances)
    }
}

@Suite struct ChargeIdentityTests {
    /// Keys of new charges are written in sorted runs; with runs of 7 a
    /// 300-row file crosses many run boundaries, duplicates included. The
    /// rows also go in as two 128-row inserts and 44 single ones: each lands
    /// with its own line, resource and amount.
    @Test func keysWrittenInRunsStayExact() throws {
        let t = try TestLedger()
        var rows = (0..<290).map { TestLedger.row(day: String(format: "%02d", 1 + $0 % 28), resource: "r-\($0 % 37)", billed: "\($0).01") }
        rows += rows.prefix(10)  // exact duplicates are distinct charges
        let file = try t.file("aws_runs.csv", rows)
        var run = IngestRun(store: t.store, rules: IngestRules(config: t.config))
        run.freshKeysRun = 7
        let request = IngestRequest(files: [file], source: "aws", period: nil, actor: "t", rejectsDirectory: t.folder)
        #expect(try run.run(request).inserted == 300)
        #expect(try t.count("SELECT COUNT(*) FROM charge_keys") == 300)
        let stored = try t.store.read { db in
            try Row.fetchAll(db, sql: "SELECT line, resource_id, billed_nanos FROM charges ORDER BY line").map {
                (line: $0[0] as Int, resource: $0[1] as String, billed: $0[2] as Int64)
            }
        }
        #expect(stored.count == 300)
        for (index, row) in stored.enumerated() {
            let source = index % 290  // the header is line 1
            #expect(row.line == index + 2 && row.resource == "r-\(source % 37)" && row.billed == Int64(source) * 1_000_000_000 + 10_000_000,
                    "line \(row.line)")
        }
        #expect(try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!).balances)
        #expect(try run.run(request).unchanged == 300)
    }

    @Test func dateStyleDoesNotChangeIdentity() throws {
        let t = try TestLedger()
        _ = try t.ingest([try t.file("aws_a.csv", [TestLedger.row(day: "05")])])
        let restyled = TestLedger.row(day: "05T00:00:00Z")
        let again = try t.ingest([try t.file("aws_b.csv", [restyled])])
        #expect(again.inserted == 0)
        #expect(again.updated + again.unchanged == 1)
        #expect(try t.count("SELECT COUNT(*) FROM charges") == 1)
    }
}

@Suite struct ImportLogTests {
    /// The import log names each file with the same SHA-256 as `sha256sum`.
    @Test func importRecordsFileSHA256AndCounts() throws {
        let t = try TestLedger()
        let file = try t.file("aws_sha.csv", (1...5).map { TestLedger.row(day: String(format: "%02d", $0)) })
        _ = try t.ingest([file])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        let record = try #require(try t.store.read { db in try ImportRecord.fetchOne(db) })
        #expect(record.fileSha256 == String(expected))
        #expect(record.fileBytes == Int64((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? -1))
        #expect(record.rowsRead == 5)
        #expect(record.rowsInserted == 5)
        #expect(record.actor == "tester")
    }
}

@Suite struct IngestFileFormatTests {
    /// A UTF-8 BOM, CRLF line ends, a description with an embedded newline
    /// and quotes, and header names in other case with spaces all ingest;
    /// an error after the multi-line record names the right line.
    @Test func bomCRLFEmbeddedNewlinesAndLooseHeaders() throws {
        let t = try TestLedger()
        let header = TestLedger.header.split(separator: ",").map { " " + $0.lowercased() + " " }.joined(separator: ",")
        let multiline = TestLedger.row(description: "line one\r\nline \"two\"")
        let bad = TestLedger.row(day: "02", billed: "oops")
        let text = "\u{FEFF}" + [header, multiline, bad].joined(separator: "\r\n") + "\r\n"
        let path = t.folder + "/aws_bom.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let errors = TestLedger.ErrorLog()
        let report = try t.ingest([path], skipInvalid: true, errors: errors)
        #expect(report.committed)
        #expect(report.inserted == 1)
        // Header 1, the two-line record 2–3, the bad row 4 (its BilledCost and EffectiveCost).
        #expect(errors.all.map(\.line) == [4, 4])
        #expect(Set(errors.all.map(\.column)) == ["BilledCost", "EffectiveCost"])
        let description = try t.store.read { db in try String.fetchOne(db, sql: "SELECT charge_description FROM charges") }
        #expect(description == "line one\r\nline \"two\"")
    }
}
