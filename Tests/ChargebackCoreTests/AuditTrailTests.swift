import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// The audit trail read back from a ledger that went through a month: every
/// write of the library is an event with its actor, time and exact amounts,
/// each filter admits what it says, and a charge's history names its file and line.
@Suite struct AuditTrailTests {
    static let period = BillingPeriod("2026-10")!
    static let ada = #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"123456-1000"}"#
    static let bob = #"{"pi_email":"bob@uni.edu","project_id":"p2","fund_org":"222222-2000"}"#
    static let noProject = #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#
    static let hostile = "=cmd <script>alert(1)</script> | pipe\nsecond line \u{1B}[31mred"

    /// The rows of the month: line 2 billable (ada), 3 pattern-flagged (ada), 4 billable (bob), 5 missing its project (ada).
    static func rows(firstBilled: String) -> [String] {
        [TestLedger.row(resource: "r-1", billed: firstBilled, tags: ada),
         TestLedger.row(service: "AWS Marketplace", resource: "r-2", billed: "4.000000001", tags: ada),
         TestLedger.row(resource: "r-3", billed: "2.50", tags: bob),
         TestLedger.row(resource: "r-4", billed: "3.00", tags: noProject)]
    }

    struct Month {
        let t: TestLedger
        /// Charge ids by file line.
        let ids: [Int: Int64]
    }

    /// ingest (ann) → a corrected export (ann) → approve (bob) → reject (carol) → close (erin) → journal (frank)
    /// → statements (gina) → notice (hank) → finalize (ivan) → archive (judy) → a source (kim); a second clock second each write.
    static func month() throws -> Month {
        let t = try TestLedger(clock: SteppingClock().clock)
        _ = try t.ingest([try t.file("aws_2026-10.csv", rows(firstBilled: "1.25"))], actor: "ann")
        _ = try t.ingest([try t.file("aws_2026-10_v2.csv", rows(firstBilled: "1.30"))], actor: "ann")
        let lines = try t.store.read { db in try Row.fetchAll(db, sql: "SELECT line, id FROM charges") }
        let ids = Dictionary(uniqueKeysWithValues: lines.map { (Int($0["line"] as Int64), $0["id"] as Int64) })
        let queue = ReviewQueue(store: t.store)
        _ = try queue.approve(ids: [ids[3]!], period: nil, note: hostile, actor: "bob")
        _ = try queue.reject(ids: [ids[5]!], note: nil, actor: "carol")
        let flow = PeriodWorkflow(store: t.store)
        try flow.close(period, actor: "erin", notes: "month end")
        try JournalExportLog(store: t.store).record(period: period, format: "gl", path: "/srv/gl.csv", rows: 3, debitCents: 805,
                                                    creditCents: 805, sha256: "ab12", actor: "frank")
        try StatementLog(store: t.store).record([StatementRecord(period: "2026-10", piEmail: "ada@uni.edu", projectId: "p1",
                                                                 fundOrg: "123456-1000", totalNanos: 5_300_000_001, path: "/pdf/ada.pdf",
                                                                 sha256: "cd34")], period: period, actor: "gina")
        try NotificationLog(store: t.store).record(NotificationRecord(
            period: "2026-10", piEmail: "ada@uni.edu", recipient: "ada@uni.edu", subject: "Your statement", status: .devMode,
            messageId: nil, statementIds: "S-1", contentDigest: "d", attempts: 1, emlPath: "/out/ada.eml", actor: "hank"))
        try flow.finalize(period, actor: "ivan")
        try ArchiveLog(store: t.store).record(period: period, path: "archive/openchargeback_2026-10.zip", bytes: 1234, sha256: "ef56", actor: "judy")
        _ = try SourceRegistry(store: t.store).add(name: "gcp", displayName: nil, actor: "kim")
        return Month(t: t, ids: ids)
    }

    static func money(_ text: String) -> Money { JF.money(text) }

    @Test func everyWriteIsAnEventWithItsActorNewestFirst() throws {
        let m = try Self.month()
        let events = try AuditTrail(store: m.t.store).events()
        #expect(events.map(\.at) == events.map(\.at).sorted(by: >))
        // Chronological, the way the month happened.
        let story = events.reversed().map { "\($0.action) \($0.actor)" }
        #expect(story == [
            "source.add ann", "import ann", "period.open ann",  // the source, the import's row, then the period it opened
            "import ann", "charge.update ann",
            "review.approve bob", "review.reject carol", "period.close erin", "journal.export frank",
            "statements.generate gina", "statement.generate gina", "notice.dev_mode hank", "period.finalize ivan",
            "archive.create judy", "source.add kim",
        ], "\(story)")
        #expect(events.allSatisfy { !$0.legacy })
        #expect(Set(events.map(\.kind)) == [.import, .source, .period, .revision, .review, .export, .statement, .notice, .archive])
    }

    @Test func eventsCarryExactAmountsNotesAndFiles() throws {
        let m = try Self.month()
        let events = try AuditTrail(store: m.t.store).events()
        func one(_ action: String, _ match: (AuditEvent) -> Bool = { _ in true }) throws -> AuditEvent {
            let found = events.filter { $0.action == action && match($0) }
            try #require(found.count == 1, "\(action): \(found.count)")
            return found[0]
        }
        let first = try one("import") { $0.file == "aws_2026-10.csv" }
        #expect(first.amounts == [AuditAmount("billed", Self.money("10.750000001")), AuditAmount("flagged", Self.money("7.000000001"))])
        #expect(first.sha256?.count == 64)
        #expect(first.message.contains("4 rows (4 new, 0 revised, 0 unchanged); 2 flagged for review"))
        let second = try one("import") { $0.file == "aws_2026-10_v2.csv" }
        #expect(second.amounts.first == AuditAmount("billed", Self.money("10.800000001")))

        let revision = try one("charge.update")
        #expect(revision.chargeIDs == [m.ids[2]!])
        #expect(revision.amounts == [AuditAmount("billed", Self.money("1.30")), AuditAmount("previous_billed", Self.money("1.25"))])
        #expect(revision.file == "aws_2026-10_v2.csv")
        #expect(revision.message.contains("revised by line 2 of aws_2026-10_v2.csv"))
        #expect(revision.piEmail == "ada@uni.edu")

        let approve = try one("review.approve")
        #expect(approve.note == Self.hostile)  // kept exactly as written
        #expect(approve.amount == AuditAmount("billed", Self.money("4.000000001")))
        #expect(approve.message.contains("(pattern_match:(?i)marketplace): " + Self.hostile))
        let reject = try one("review.reject")
        #expect(reject.note == nil)
        #expect(reject.message.contains("(missing_project): no note"))

        let export = try one("journal.export")
        #expect(export.amounts == [AuditAmount("debit", Money(cents: 805), cents: true), AuditAmount("credit", Money(cents: 805), cents: true)])
        #expect(export.file == "/srv/gl.csv" && export.sha256 == "ab12")
        let statement = try one("statement.generate")
        #expect(statement.amount == AuditAmount("total", Money(cents: 530), cents: true))  // as printed: rounded once
        #expect(statement.piEmail == "ada@uni.edu" && statement.actor == "gina")
        #expect(statement.message.contains(StatementID.make(period: Self.period, piEmail: "ada@uni.edu", projectId: "p1")))
        let close = try one("period.close")
        #expect(close.note == "month end")
        let archive = try one("archive.create")
        #expect(archive.file == "archive/openchargeback_2026-10.zip" && archive.sha256 == "ef56")
        let notice = try one("notice.dev_mode")
        #expect(notice.file == "/out/ada.eml" && notice.piEmail == "ada@uni.edu")
    }

    @Test func eachFilterAdmitsWhatItSays() throws {
        let m = try Self.month()
        // Another period, so the period filter has something to leave out.
        _ = try m.t.ingest([try m.t.file("aws_2026-11.csv", [TestLedger.row(period: "2026-11", resource: "n-1", tags: Self.bob)])], actor: "ann")
        let trail = AuditTrail(store: m.t.store)
        let all = try trail.events()

        let october = try trail.events(AuditFilter(period: Self.period))
        #expect(!october.isEmpty && october.allSatisfy { $0.period == "2026-10" })
        #expect(october.count == all.filter { $0.period == "2026-10" }.count)
        #expect(try trail.events(AuditFilter(period: BillingPeriod("2026-11"))).map(\.action).sorted() == ["import", "period.open"])

        let ada = try trail.events(AuditFilter(piEmail: "ADA@uni.edu"))
        #expect(ada.allSatisfy { $0.piEmail == "ada@uni.edu" })
        #expect(Set(ada.map(\.action)) == ["charge.update", "review.approve", "review.reject", "statement.generate", "notice.dev_mode"])

        let carol = try trail.events(AuditFilter(actor: "CAROL"))
        #expect(carol.map(\.action) == ["review.reject"])

        let periods = try trail.events(AuditFilter(kinds: [.period]))
        #expect(periods.map(\.action) == ["period.open", "period.finalize", "period.close", "period.open"])
        let two = try trail.events(AuditFilter(kinds: [.review, .archive]))
        #expect(two.map(\.action) == ["archive.create", "review.reject", "review.approve"])

        let approve = try #require(all.first { $0.action == "review.approve" })
        let since = try trail.events(AuditFilter(since: try AuditTime.since(approve.at)))
        #expect(since.last == approve)
        #expect(since.count == all.firstIndex(of: approve)! + 1)
        let until = try trail.events(AuditFilter(until: try AuditTime.until(approve.at)))
        #expect(until.first == approve)
        #expect(until.count == all.count - all.firstIndex(of: approve)!)
        let window = try trail.events(AuditFilter(since: try AuditTime.since(approve.at), until: try AuditTime.until(approve.at)))
        #expect(window == [approve])

        #expect(try trail.events(AuditFilter(limit: 3)) == Array(all.prefix(3)))
        #expect(try trail.events(AuditFilter(kinds: [.review], limit: 1)).map(\.action) == ["review.reject"])
        #expect(try trail.events(AuditFilter(period: Self.period, actor: "nobody")).isEmpty)
    }

    @Test func aChargesHistoryNamesItsFileLineRevisionDecisionStatementAndNotice() throws {
        let m = try Self.month()
        let trail = AuditTrail(store: m.t.store)

        // Revised: first imported from line 2 of the first file, at its first amount.
        let revised = try trail.chargeHistory(m.ids[2]!)
        #expect(revised.events.map(\.action) == ["notice.dev_mode", "statement.generate", "charge.update", "charge.import"])
        let origin = try #require(revised.events.last)
        #expect(origin.message.contains("imported from line 2 of aws_2026-10.csv"))
        #expect(origin.amount == AuditAmount("billed", Self.money("1.25")))
        #expect(origin.actor == "ann" && origin.chargeIDs == [m.ids[2]!])
        #expect(revised.statementID == StatementID.make(period: Self.period, piEmail: "ada@uni.edu", projectId: "p1"))

        // Flagged, then approved with a note.
        let approved = try trail.chargeHistory(m.ids[3]!)
        #expect(approved.charge.flagReason == "pattern_match:(?i)marketplace")
        #expect(approved.events.map(\.action) == ["notice.dev_mode", "statement.generate", "review.approve", "charge.import"])
        #expect(approved.events.first { $0.action == "review.approve" }?.note == Self.hostile)

        // Rejected: on no statement, told nothing about it.
        let rejected = try trail.chargeHistory(m.ids[5]!)
        #expect(rejected.statementID == nil)
        #expect(rejected.events.map(\.action) == ["review.reject", "charge.import"])

        // Bob's charge: on his statement, which was never generated.
        let bobs = try trail.chargeHistory(m.ids[4]!)
        #expect(bobs.events.map(\.action) == ["charge.import"])

        // Other conditions apply to a charge's history too.
        #expect(try trail.chargeHistory(m.ids[3]!, filter: AuditFilter(kinds: [.review])).events.map(\.actor) == ["bob"])
        #expect(throws: LedgerError.noSuchCharges([999])) { try trail.chargeHistory(999) }
    }

    @Test func periodReportIsThePagesData() throws {
        let m = try Self.month()
        let report = try AuditTrail(store: m.t.store).report(period: Self.period)
        #expect(report.events(.import).count == 2)
        #expect(report.events(.review).map(\.actor) == ["carol", "bob"])
        #expect(report.events(.export).count == 1)
        #expect(report.events(.archive).count == 1)
        #expect(report.events(.source).isEmpty)  // sources belong to no period
    }

    @Test func theNewLogsAreAppendOnlyAndArchivesNeedAFinalizedPeriod() throws {
        let m = try Self.month()
        for sql in ["UPDATE charge_revisions SET billed_nanos = 0", "DELETE FROM charge_revisions", "UPDATE archives SET sha256 = 'x'",
                    "DELETE FROM archives", "UPDATE journal_exports SET sha256 = 'x'", "DELETE FROM journal_exports"] {
            #expect(throws: LedgerError.self, "\(sql)") { try m.t.store.write { db in try db.execute(sql: sql) } }
        }
        try PeriodWorkflow(store: m.t.store).open(BillingPeriod("2026-12")!, actor: "ann")
        #expect(throws: LedgerError.notFinalized(BillingPeriod("2026-12")!, .open)) {
            try ArchiveLog(store: m.t.store).record(period: BillingPeriod("2026-12")!, path: "x.zip", bytes: 1, sha256: "x", actor: "ann")
        }
        #expect(try ArchiveLog(store: m.t.store).list(period: Self.period).map(\.actor) == ["judy"])
        let origins = try JournalExportLog(store: m.t.store).list(period: Self.period).map(\.origin)
        #expect(origins == [.exportJournal])
    }

    @Test func buildsJournalFilesAreLoggedAsBuilds() throws {
        let t = try TestLedger()
        try PeriodWorkflow(store: t.store).open(Self.period, actor: "ann")
        try JournalExportLog(store: t.store).record(period: Self.period, format: "detail", path: "site/finance/2026-10/detail.csv", rows: 2,
                                                    debitCents: 100, creditCents: 0, sha256: "aa", actor: "cron", origin: .build)
        let event = try #require(try AuditTrail(store: t.store).events(AuditFilter(kinds: [.export])).first)
        #expect(event.message.hasPrefix("detail journal written by build"))
        #expect(event.amounts == [AuditAmount("billed", Money(cents: 100), cents: true)])
    }

    @Test func sinceAndUntilTakeADayOrAnInstantWithAZone() throws {
        #expect(try AuditTime.since("2026-10-03").utc == "2026-10-03T00:00:00Z")
        #expect(try AuditTime.until("2026-10-03").utc == "2026-10-04T00:00:00Z")
        #expect(try AuditTime.until("2026-12-31").utc == "2027-01-01T00:00:00Z")
        #expect(try AuditTime.since("2026-10-03T09:30:00Z").utc == "2026-10-03T09:30:00Z")
        #expect(try AuditTime.until("2026-10-03T09:30:00Z").utc == "2026-10-03T09:30:01Z")
        #expect(try AuditTime.since("2026-10-03T09:30:00-05:00").utc == "2026-10-03T14:30:00Z")
        #expect(try AuditTime.since("2026-10-03 23:30+02:00").utc == "2026-10-03T21:30:00Z")
        #expect(throws: AuditTimeError(option: "--since", value: "2026-10-03T09:30:00", why: "add Z (UTC) or an offset such as +02:00")) {
            try AuditTime.since("2026-10-03T09:30:00")
        }
        for bad in ["yesterday", "2026-13-01", "2026-02-30", ""] {
            #expect(throws: AuditTimeError.self, "\(bad)") { try AuditTime.until(bad) }
        }
        let error = #expect(throws: AuditTimeError.self) { try AuditTime.since("10/03/2026") }
        #expect(error?.description.hasPrefix("--since \"10/03/2026\": expected a day YYYY-MM-DD") == true)
    }

    @Test func unknownAuditActionsAreKeptAsOther() throws {
        let t = try TestLedger()
        try t.store.write { db in
            try t.store.audit(db, actor: "script", action: "custom.fix", entity: "note", entityID: "7", details: "fixed by hand")
        }
        let events = try AuditTrail(store: t.store).events()
        #expect(events.map(\.kind) == [.other])
        #expect(events.first?.message == "fixed by hand")
        #expect(AuditKind.of(action: "period.close") == .period)
        #expect(AuditKind.of(action: "legacy.email") == .notice)
        #expect(AuditKind.of(action: "archive.create") == .archive)
    }
}

/// A ledger written before migration v5 reads the same: its export log gains the
/// origin `export-journal`, a revision logged only in the audit log is a revision.
@Suite struct AuditTrailUpgradeTests {
    @Test func aVersion4LedgerOpensAndItsHistoryReads() throws {
        let folder = NSTemporaryDirectory() + "ocb-v4-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ledger.sqlite"
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v4 legacy ledger")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO periods (period, status, opened_at, opened_by) VALUES ('2026-10', 'open', '2026-10-01T00:00:00Z', 'ann');
                INSERT INTO journal_exports (period, format, path, rows, debit_nanos, credit_nanos, sha256, actor, exported_at)
                    VALUES ('2026-10', 'gl', '/srv/gl.csv', 3, 10000000000, 10000000000, 'ab', 'frank', '2026-10-05T00:00:00Z');
                INSERT INTO audit_log (at, actor, action, period, entity, entity_id, details)
                    VALUES ('2026-10-04T00:00:00Z', 'ann', 'charge.update', '2026-10', 'charge', '7', 'line 3; billed 1.00 -> 2.00');
                """)
        }
        try old.close()

        let store = try LedgerStore(path: path)
        let events = try AuditTrail(store: store).events()
        #expect(events.map(\.action) == ["journal.export", "charge.update"])
        #expect(events[0].message.hasPrefix("gl journal written by export-journal") && events[0].actor == "frank")
        #expect(events[0].amounts == [AuditAmount("debit", Money(cents: 1000), cents: true), AuditAmount("credit", Money(cents: 1000), cents: true)])
        #expect(events[1].kind == .revision && events[1].chargeIDs == [7])
        #expect(events[1].message == "charge 7 revised: line 3; billed 1.00 -> 2.00")
    }
}
