import Foundation
import Testing

/// `log`: the whole monthly cycle through the binary, each command under its
/// own `--by`, then the log checked against the list of commands that ran:
/// every command that changed something has its entries, with its actor and
/// kind, and nothing else is there. Then the formats, filters and a hostile note.
@Suite(.serialized) struct CLIAuditTests {
    static let hostile = "=cmd <script>alert(1)</script> | pipe\nsecond line \u{1B}[31mred"

    /// What one command should have left in the log: its actor, and how many events of each action.
    struct Expected {
        var command: String
        var actor: String
        var actions: [String: Int]
        var kinds: Set<String>
    }

    /// The cycle, run once; the log's events (JSON) and what each command should have left.
    final class Cycle: @unchecked Sendable {
        let cli: CLI
        var expected: [Expected] = []
        var ids: [String: String] = [:]

        init() throws {
            cli = try CLI()
            let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }
            try must(["ingest"] + files + ["-p", "2026-10", "--by", "ann"])
            expected.append(Expected(command: "ingest", actor: "ann",
                                     actions: ["import": 4, "source.add": 4, "period.open": 1], kinds: ["import", "source", "period"]))

            // A corrected AWS export: one amount changed.
            let aws = try String(contentsOfFile: files[0], encoding: .utf8)
            let lines = aws.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let changedLine = try #require(lines.firstIndex { $0.contains("AmazonS3") || $0.contains("Amazon Simple Storage") })
            var corrected = lines
            corrected[changedLine] = Self.bumpBilled(lines[changedLine])
            let fixed = try cli.write("aws_2026-10_corrected.csv", corrected.joined(separator: "\n"))
            try must(["ingest", fixed, "-s", "aws", "-p", "2026-10", "--by", "amy"])
            expected.append(Expected(command: "ingest (corrected)", actor: "amy", actions: ["import": 1, "charge.update": 1],
                                     kinds: ["import", "revision"]))
            ids["revised"] = try CLI.sqlite(cli.folder + "/openchargeback.sqlite", "SELECT charge_id FROM charge_revisions").first

            let pending = try cli.json(["review", "list", "-p", "2026-10"])["charges"] as? [[String: Any]] ?? []
            func id(_ reason: String) throws -> String {
                let found = try #require(pending.first { ($0["flag_reason"] as? String ?? "").hasPrefix(reason) })
                return String(describing: found["id"]!)
            }
            ids["marketplace"] = try id("pattern_match:(?i)marketplace")
            ids["currency"] = try id("currency_mismatch")
            try must(["review", "approve", "--id", ids["marketplace"]!, "--note", hostile, "--by", "bob"])
            expected.append(Expected(command: "review approve --id", actor: "bob", actions: ["review.approve": 1], kinds: ["review"]))
            try must(["review", "reject", "--id", ids["currency"]!, "--by", "carol"])
            expected.append(Expected(command: "review reject", actor: "carol", actions: ["review.reject": 1], kinds: ["review"]))
            try must(["review", "approve", "-p", "2026-10", "--note", "checked the rest", "--by", "dave"])
            expected.append(Expected(command: "review approve -p", actor: "dave", actions: ["review.approve": 2], kinds: ["review"]))
            try must(["review", "approve", "--id", ids["currency"]!, "--by", "zed"])  // rejected already: changes nothing
            try must(["periods", "close", "2026-10", "--notes", "month end", "--by", "erin"])
            expected.append(Expected(command: "periods close", actor: "erin", actions: ["period.close": 1], kinds: ["period"]))
            try must(["export-journal", "-p", "2026-10", "--allow-unparsed", "--by", "frank"])
            expected.append(Expected(command: "export-journal", actor: "frank", actions: ["journal.export": 1], kinds: ["export"]))
            try must(["generate", "-p", "2026-10", "--by", "gina"])
            expected.append(Expected(command: "generate", actor: "gina", actions: ["statement.generate": 12, "statements.generate": 1],
                                     kinds: ["statement"]))
            try must(["notify", "-p", "2026-10", "--by", "hank"])  // email.dev_mode: .eml files
            expected.append(Expected(command: "notify", actor: "hank", actions: ["notice.dev_mode": 8], kinds: ["notice"]))
            try must(["periods", "finalize", "2026-10", "--notes", "to finance", "--by", "ivan"])
            expected.append(Expected(command: "periods finalize", actor: "ivan", actions: ["period.finalize": 1], kinds: ["period"]))
            // build: the site, its journal files (journal.export, origin build) and the finalized period's
            // archive (archive.create), under the login name (`cli-tester` here) when no --by is given.
            try must(["build"])
            expected.append(Expected(command: "build", actor: "cli-tester", actions: CLIAuditTests.buildLogs, kinds: ["export", "archive"]))
            // Built again with nothing new: no file changed, nothing logged (and the period is frozen).
            try must(["build", "--by", "zed"])
            try must(["sources", "add", "gcp", "-d", "Google Cloud", "--by", "judy"])
            expected.append(Expected(command: "sources add", actor: "judy", actions: ["source.add": 1], kinds: ["source"]))
            try must(["periods", "open", "2026-11", "--by", "kim"])
            try must(["periods", "close", "2026-11", "--by", "kim"])
            expected.append(Expected(command: "periods open, close", actor: "kim", actions: ["period.open": 1, "period.close": 1],
                                     kinds: ["period"]))
            try must(["periods", "reopen", "2026-11", "--reason", "late export", "--by", "lee"])
            expected.append(Expected(command: "periods reopen", actor: "lee", actions: ["period.reopen": 1], kinds: ["period"]))

            // Commands that change nothing leave nothing.
            try must(["ingest", CLI.sample("aws_2026-09.csv"), "-p", "2026-09", "--dry-run", "--by", "zed"])
            try must(["periods", "open", "2026-11", "--by", "zed"])
            try must(["sources", "add", "gcp", "--by", "zed"])
            _ = try cli.run(["periods", "finalize", "2026-11", "--by", "zed"])  // refused: open
        }

        func must(_ arguments: [String]) throws {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }

        /// One row's BilledCost and EffectiveCost raised by 1.000000001 (columns 14 and 15 of the sample files).
        static func bumpBilled(_ line: String) -> String {
            var cells: [String] = []
            var cell = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() }
                if ch == "," && !quoted { cells.append(cell); cell = "" } else { cell.append(ch) }
            }
            cells.append(cell)
            for i in [13, 14] {
                let parts = cells[i].split(separator: ".", maxSplits: 1)
                let whole = Int(parts[0])! + 1
                let fraction = (parts.count > 1 ? String(parts[1]) : "") + String(repeating: "0", count: 9)
                let nanos = Int(fraction.prefix(9))! + 1
                cells[i] = "\(whole)." + String(format: "%09d", nanos)
            }
            return cells.joined(separator: ",")
        }
    }

    static let cycle = Result { try Cycle() }

    /// The entries `build` leaves: one per journal file it wrote for 2026-10 (detail and summary; no GL, which
    /// needs --allow-unparsed in export-journal, so cannot balance in the site), and its archive.
    static let buildLogs: [String: Int] = ["journal.export": 2, "archive.create": 1]

    @Test func everyCommandThatChangedSomethingIsInTheLogWithItsActorAndKind() throws {
        let c = try Self.cycle.get()
        let events = try c.cli.json(["log"])["events"] as? [[String: Any]] ?? []
        for e in c.expected {
            let mine = events.filter { $0["actor"] as? String == e.actor }
            var counts: [String: Int] = [:]
            for event in mine { counts[event["action"] as? String ?? "", default: 0] += 1 }
            #expect(counts == e.actions, "\(e.command) by \(e.actor): \(counts)")
            #expect(Set(mine.compactMap { $0["kind"] as? String }) == e.kinds, "\(e.command)")
        }
        // Nothing else: every entry belongs to a command that ran (and none to the ones that changed nothing).
        #expect(events.count == c.expected.flatMap(\.actions.values).reduce(0, +))
        #expect(!events.contains { $0["actor"] as? String == "zed" })
        // Newest first.
        let times = events.compactMap { $0["at"] as? String }
        #expect(times == times.sorted(by: >))
        #expect(events.first?["action"] as? String == "period.reopen")
    }

    /// The site's audit page of the finalized period, and its archive: the trail as `log` has it, the note as text.
    @Test func theSiteAndTheArchiveKeepTheTrailWithTheNoteAsText() throws {
        let c = try Self.cycle.get()
        let site = c.cli.folder + "/_site"
        let html = try String(contentsOfFile: site + "/periods/2026-10/audit.html", encoding: .utf8)
        #expect(html.contains("=cmd &lt;script&gt;alert(1)&lt;/script&gt; | pipe second line  [31mred"))
        #expect(!html.contains("<script>alert") && !html.contains("\u{1B}"))
        for actor in ["ann", "amy", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan", "cli-tester"] {
            #expect(html.contains(">\(actor)<"), "\(actor) on the audit page")
        }
        // audit.json in the archive: every event of 2026-10 that `log` lists but the archive's own creation, recorded after it.
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-p", site + "/archive/openchargeback_2026-10.zip", "openchargeback_2026-10/periods/2026-10/audit.json"]
        let out = Pipe()
        unzip.standardOutput = out
        try unzip.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        unzip.waitUntilExit()
        let archived = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])["events"] as? [[String: Any]] ?? []
        let logged = try c.cli.json(["log", "-p", "2026-10"])["events"] as? [[String: Any]] ?? []
        #expect(archived.compactMap { $0["record"] as? String }
                == logged.filter { $0["action"] as? String != "archive.create" }.compactMap { $0["record"] as? String })
        #expect(archived.contains { $0["note"] as? String == Self.hostile && $0["actor"] as? String == "bob" })
        #expect(archived.filter { $0["action"] as? String == "journal.export" }.count == 3)  // export-journal's and build's
        let verify = try c.cli.run(["verify", site + "/archive/openchargeback_2026-10.zip"], passConfig: false)
        #expect(verify.status == 0 && verify.stdout.contains("OK "))
    }

    @Test func amountsAreExactDecimalStringsEqualToTheLedger() throws {
        let c = try Self.cycle.get()
        let ledger = c.cli.folder + "/openchargeback.sqlite"
        let reviews = try c.cli.json(["log", "--kind", "review"])["events"] as? [[String: Any]] ?? []
        #expect(reviews.count == 4)
        for event in reviews {
            let id = try #require((event["charge_ids"] as? [Any])?.first.map { String(describing: $0) })
            let nanos = try #require(try CLI.sqlite(ledger, "SELECT billed_nanos FROM charges WHERE id = \(id)").first)
            #expect(event["amount"] as? String == Scripting.decimal(nanos: nanos), "charge \(id)")
            #expect((event["amounts"] as? [String: Any])?["billed"] as? String == Scripting.decimal(nanos: nanos))
        }
        // The revision: before and after, to the nano.
        let revision = try #require((try c.cli.json(["log", "--kind", "revision"])["events"] as? [[String: Any]])?.first)
        let amounts = try #require(revision["amounts"] as? [String: String])
        let row = try #require(try CLI.sqlite(ledger, "SELECT billed_nanos, previous_billed_nanos FROM charge_revisions").first)
        let parts = row.split(separator: "|").map(String.init)
        #expect(amounts == ["billed": Scripting.decimal(nanos: parts[0]), "previous_billed": Scripting.decimal(nanos: parts[1])])
        #expect(Int64(parts[0])! - Int64(parts[1])! == 1_000_000_001)
        // The imports' billed add up to what reconcile says was imported, exactly (in nanos).
        let imports = try c.cli.json(["log", "--kind", "import", "-p", "2026-10"])["events"] as? [[String: Any]] ?? []
        #expect(imports.count == 5)
        let statements = try c.cli.json(["log", "--kind", "statement"])["events"] as? [[String: Any]] ?? []
        let totals = statements.filter { $0["action"] as? String == "statement.generate" }.compactMap { $0["amount"] as? String }
        #expect(totals.count == 12 && totals.allSatisfy { $0.split(separator: ".").last?.count == 2 })  // cents, as printed
        // Money is never a JSON number.
        let raw = try c.cli.run(["log", "--format", "json"]).stdout
        #expect(!raw.contains("\"amount\": 1") && !raw.contains("\"amount\": 2"))
    }

    @Test func aChargesHistoryAnswersWhoApprovedItAndWhy() throws {
        let c = try Self.cycle.get()
        let id = c.ids["marketplace"]!
        let table = try c.cli.run(["log", "--charge", id])
        #expect(table.status == 0)
        #expect(table.stdout.contains("charge \(id), 2026-10, source aws"))
        #expect(table.stdout.contains("now approved (flagged pattern_match:(?i)marketplace)"))
        #expect(table.stdout.contains("on statement S-202610-"))
        #expect(table.stdout.contains("imported from line "))
        #expect(table.stdout.contains("of aws_2026-10.csv (aws, import 1)"))
        // The hostile note, literally, with its controls replaced: no newline inside a row, no escape sequence.
        #expect(table.stdout.contains("=cmd <script>alert(1)</script> | pipe?second line ?[31mred"))
        #expect(!table.stdout.contains("\u{1B}"))
        let json = try c.cli.json(["log", "--charge", id])
        let charge = try #require(json["charge"] as? [String: Any])
        #expect(charge["review_status"] as? String == "approved")
        #expect((charge["statement_id"] as? String)?.hasPrefix("S-202610-") == true)
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String ?? "" } == ["notice.dev_mode", "statement.generate", "review.approve", "charge.import"])
        #expect(events[2]["actor"] as? String == "bob")
        #expect(events[2]["note"] as? String == Self.hostile)  // JSON: escaped, read back exactly
        let raw = try c.cli.run(["log", "--charge", id, "--format", "json"]).stdout
        #expect(raw.contains("\\u001b[31mred") && raw.contains("pipe\\nsecond") && !raw.contains("\u{1B}"))
        // CSV: the note in one cell, its formula start neutralised, the rest as written.
        let rows = Scripting.records(try c.cli.csv(["log", "--charge", id]))
        let approval = try #require(rows.first { $0["action"] == "review.approve" })
        #expect(approval["note"] == "'" + Self.hostile)
        #expect(approval["actor"] == "bob")

        // The revised charge: first imported from the sample file, revised by the corrected one.
        let revised = try c.cli.json(["log", "--charge", try #require(c.ids["revised"])])
        let history = (revised["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(history.contains { $0.contains("revised by line ") && $0.contains("of aws_2026-10_corrected.csv (import 5)") })
        #expect(history.contains { $0.contains("of aws_2026-10.csv (aws, import 1)") })

        // Rejected without a note: the log says so.
        let rejected = try c.cli.run(["log", "--charge", c.ids["currency"]!, "--kind", "review"])
        #expect(rejected.stdout.contains("carol") && rejected.stdout.contains("(currency_mismatch): no note"))
        let missing = try c.cli.run(["log", "--charge", "999999"])
        #expect(missing.status == 1 && missing.stderr.contains("no such charge id: 999999"))
    }

    @Test func eachFilterOnTheCommandLine() throws {
        let c = try Self.cycle.get()
        func actions(_ arguments: [String]) throws -> [String] {
            (try c.cli.json(["log"] + arguments)["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        }
        func field(_ arguments: [String], _ name: String) throws -> Set<String> {
            Set((try c.cli.json(["log"] + arguments)["events"] as? [[String: Any]] ?? []).compactMap { $0[name] as? String })
        }
        #expect(try field(["-p", "2026-11"], "period") == ["2026-11"])
        #expect(try actions(["-p", "2026-11"]) == ["period.reopen", "period.close", "period.open"])
        #expect(try field(["--pi", "LIANG.CHEN@northfield.example.edu"], "pi_email") == ["liang.chen@northfield.example.edu"])
        #expect(try field(["--actor", "dave"], "actor") == ["dave"])
        #expect(try actions(["--kind", "export", "--kind", "source"]).sorted()
                == ["journal.export", "journal.export", "journal.export", "source.add", "source.add", "source.add", "source.add",
                    "source.add"])
        #expect(try actions(["-n", "2"]) == ["period.reopen", "period.close"])
        let all = try c.cli.json(["log"])["events"] as? [[String: Any]] ?? []
        let close = try #require(all.first { $0["action"] as? String == "period.close" && $0["period"] as? String == "2026-10" })
        let at = try #require(close["at"] as? String)
        #expect(try actions(["--since", at, "--until", at, "--actor", "erin"]) == ["period.close"])
        let later = try actions(["--since", at])
        // Times have whole seconds, so on a fast machine earlier commands can share the close's second:
        // count by time, not by position.
        #expect(later.count == all.filter { ($0["at"] as? String ?? "") >= at }.count)
        let first = String((all.last?["at"] as? String ?? "").prefix(10)), last = String((all.first?["at"] as? String ?? "").prefix(10))
        #expect(try actions(["--since", first, "--until", last]).count == all.count)  // whole days, in UTC
        let bad = try c.cli.run(["log", "--since", "2026-10-03T09:00:00"])
        #expect(bad.status == 2 && bad.stderr.contains("--since \"2026-10-03T09:00:00\": add Z (UTC) or an offset"))
        let kind = try c.cli.run(["log", "--kind", "imports"])
        #expect(kind.status == 2)
    }

    @Test func csvIsTheSameEventsAsJSON() throws {
        let c = try Self.cycle.get()
        let json = try c.cli.json(["log", "-p", "2026-10"])["events"] as? [[String: Any]] ?? []
        let rows = try c.cli.csv(["log", "-p", "2026-10"])
        #expect(rows.first == ["at", "kind", "action", "actor", "period", "pi_email", "charge_ids", "amount", "amounts", "source", "file",
                               "sha256", "note", "batch", "legacy", "message", "record"])
        let records = Scripting.records(rows)
        #expect(records.count == json.count)
        for (row, event) in zip(records, json) {
            #expect(row["record"] == event["record"] as? String)
            #expect(row["amount"] == (event["amount"] as? String ?? ""))
            #expect(row["actor"] == event["actor"] as? String)
        }
        // The bulk approval: one entry per charge, one batch id.
        let dave = records.filter { $0["actor"] == "dave" }
        #expect(dave.count == 2 && Set(dave.compactMap { $0["batch"] }).count == 1 && dave[0]["batch"]?.count == 36)
    }

    @Test func convertIngestIsAnImportByItsActor() throws {
        let cli = try CLI(configYAML: CLIConvertTests.config())
        let run = try cli.run(["convert", "slurm", "--sacct-file", CLIConvertTests.fixtures + "/slurm/sacct-boundary.txt", "-p", "2025-01",
                               "--ingest", "--by", "hpc-cron"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = try cli.json(["log"])["events"] as? [[String: Any]] ?? []
        #expect(Set(events.compactMap { $0["actor"] as? String }) == ["hpc-cron"])
        let imports = events.filter { $0["kind"] as? String == "import" }
        #expect(imports.count == 1)
        #expect(imports.first?["file"] as? String == "hpc_2025-01.csv" && imports.first?["source"] as? String == "hpc")
        #expect((imports.first?["sha256"] as? String)?.count == 64)
        #expect(Set(events.compactMap { $0["action"] as? String }) == ["import", "period.open", "source.add"])
    }

    @Test func importLegacyIsInTheOtherLedgersLog() throws {
        let (cli, legacy) = try CLIImportLegacyTests.setUp()
        let imported = try cli.run(["import-legacy", legacy, "--into", cli.folder + "/ours.sqlite", "--by", "mo"])
        #expect(imported.status == 0, "\(imported.stderr)")

        let legacyRuns = try cli.json(["log", "--kind", "legacy"])["events"] as? [[String: Any]] ?? []
        #expect(legacyRuns.count == 1)
        #expect(legacyRuns.first?["actor"] as? String == "mo")
        #expect((legacyRuns.first?["message"] as? String)?.contains("periods 2025-03, 2025-04, 2025-05") == true)
        let carried = try cli.json(["log", "--actor", "mo"])["events"] as? [[String: Any]] ?? []
        #expect(Set(carried.compactMap { $0["action"] as? String }) == ["legacy.import", "period.import-legacy", "source.add"])
        let all = try cli.json(["log"])["events"] as? [[String: Any]] ?? []
        #expect(all.filter { $0["kind"] as? String == "import" }.allSatisfy { $0["legacy"] as? Bool == true })
        #expect(all.filter { $0["action"] as? String == "period.close" }.allSatisfy { $0["legacy"] as? Bool == true })

        // Legacy charge 4: rejected in the legacy tool by bob, "not ours".
        let id = try #require(try CLI.sqlite(cli.folder + "/ours.sqlite",
                                             "SELECT our_id FROM legacy_rows WHERE our_table = 'charges' AND legacy_id = 4").first)
        let history = try cli.json(["log", "--charge", id])
        #expect((history["charge"] as? [String: Any])?["legacy_charge_id"] as? Int == 4)
        let events = history["events"] as? [[String: Any]] ?? []
        let reject = try #require(events.first { $0["action"] as? String == "review.reject" })
        #expect(reject["actor"] as? String == "bob" && reject["note"] as? String == "not ours" && reject["legacy"] as? Bool == true)
        #expect(events.contains { ($0["message"] as? String)?.contains("(legacy charge id 4)") == true })
        #expect(events.contains { $0["action"] as? String == "legacy.import" && $0["actor"] as? String == "mo" })
    }
}
