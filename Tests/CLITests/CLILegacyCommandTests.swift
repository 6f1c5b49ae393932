import Foundation
import Testing

/// Every command line of the legacy tool's CLI (its `--help`, as in users'
/// cron scripts) runs with the same meaning, or fails saying what to write
/// instead. Each line is run as written, `-c CONFIG` last.
@Suite(.serialized) struct CLILegacyCommandTests {
    static let period = "2026-10"

    /// Runs `line` with `-c config.yaml` appended, as a legacy cron line names its config.
    static func legacy(_ cli: CLI, _ line: [String]) throws -> CLI.Result {
        try cli.run(line + ["-c", cli.config], passConfig: false)
    }

    /// Ids of the charges `review list` shows as awaiting review.
    static func pendingIDs(_ cli: CLI) throws -> [String] {
        try legacy(cli, ["review", "list", "-p", period]).stdout.split(separator: "\n").compactMap { line in
            let first = line.split(separator: " ").first.map(String.init) ?? ""
            return Int(first) != nil && line.contains(" \(period) ") ? first : nil
        }
    }

    @Test func versionPrintsWhatVersionFlagPrintsAndCompletionSaysWhatToWrite() throws {
        let cli = try CLI()
        let command = try cli.run(["version"], passConfig: false)
        let flag = try cli.run(["--version"], passConfig: false)
        #expect(command.status == 0 && flag.status == 0)
        #expect(!command.stdout.isEmpty && command.stdout == flag.stdout)
        for option in ["--install-completion", "--show-completion"] {
            let r = try cli.run([option], passConfig: false)
            #expect(r.status == 1 && r.stderr.contains("openchargeback --generate-completion-script bash"), "\(r.stderr)")
        }
        let help = try cli.run([], passConfig: false)
        #expect(help.status == 0 && help.stdout.contains("SUBCOMMANDS") && !help.stdout.contains("install-completion"))
    }

    @Test func ingestReviewPeriodsAndShowLinesRunAsTheyDid() throws {
        let cli = try CLI()
        let file = CLI.sample("aws_2026-10.csv")
        let dry = try Self.legacy(cli, ["ingest", file, "-s", "aws", "-p", Self.period, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("dry run: nothing was committed"), "\(dry.stderr)")
        #expect(try Self.legacy(cli, ["periods", "list"]).stdout.contains("no periods yet"))
        #expect(try Self.legacy(cli, ["periods", "open", Self.period]).stdout.contains("period \(Self.period) is open"))
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }
        for (name, path) in zip(["aws", "azure", "hpc", "storage"], files) {
            let r = try Self.legacy(cli, ["ingest", path, "-s", name, "-p", Self.period])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let list = try Self.legacy(cli, ["periods", "list"])
        #expect(list.status == 0 && list.stdout.contains("\(Self.period)  open"), "\(list.stdout)")

        let everything = try Self.legacy(cli, ["review", "list"])
        #expect(everything.status == 0 && everything.stdout.contains("4 charges awaiting review"))
        let ids = try Self.pendingIDs(cli)
        #expect(ids.count == 4)

        // reject --id N without a note: recorded with none, and the audit log says so.
        let reject = try Self.legacy(cli, ["review", "reject", "--id", ids[0]])
        #expect(reject.status == 0 && reject.stdout.contains("rejected 1 charge") && reject.stdout.contains("recorded with no note"),
                "\(reject.stdout)\(reject.stderr)")
        let ledger = cli.folder + "/openchargeback.sqlite"
        #expect(try CLI.sqlite(ledger, "SELECT decision, note IS NULL FROM review_decisions WHERE charge_id = \(ids[0])") == ["reject|1"])
        let audit = try CLI.sqlite(ledger, "SELECT details FROM audit_log WHERE action = 'review.reject'")
        #expect(audit.count == 1 && audit[0].hasSuffix(": no note"), "\(audit)")
        // An empty note is not a note.
        #expect(try cli.run(["review", "reject", "--id", ids[1], "--note", " "]).status == 1)

        let approveOne = try Self.legacy(cli, ["review", "approve", "--id", ids[1]])
        #expect(approveOne.status == 0 && approveOne.stdout.contains("approved 1 charge"))
        let approveAll = try Self.legacy(cli, ["review", "approve", "-p", Self.period])
        #expect(approveAll.status == 0 && approveAll.stdout.contains("approved 2 charges"))

        let show = try Self.legacy(cli, ["show", "amara.okafor@northfield.example.edu", "-p", Self.period])
        #expect(show.status == 0 && show.stdout.contains("genomics-pipeline"))

        let close = try Self.legacy(cli, ["periods", "close", Self.period, "-n", "closed by cron"])
        #expect(close.status == 0 && close.stdout.contains("is closed"))
        let finalize = try Self.legacy(cli, ["periods", "finalize", Self.period, "-n", "sent to accounting"])
        #expect(finalize.status == 0 && finalize.stdout.contains("is finalized"))
        #expect(try CLI.sqlite(ledger, "SELECT status, replace(notes, char(10), ' / ') FROM periods")
                == ["finalized|closed by cron / sent to accounting"])
    }

    @Test func sourcesLinesRunAndTheOnesWithNoMeaningSayWhatToWrite() throws {
        let cli = try CLI()
        let add = try Self.legacy(cli, ["sources", "add", "gcp", "-d", "Google Cloud", "-t", "file"])
        #expect(add.status == 0 && add.stdout.contains("source gcp added"), "\(add.stderr)")
        // Run again (a cron line): nothing changes, and it is not an error.
        let again = try Self.legacy(cli, ["sources", "add", "gcp", "-d", "Google Cloud", "-t", "file"])
        #expect(again.status == 0 && again.stdout.contains("exists already"))
        let spaced = try Self.legacy(cli, ["sources", "add", "Azure Local"])
        #expect(spaced.status == 0 && spaced.stdout.contains("source azure-local added"))
        let list = try Self.legacy(cli, ["sources", "list"])
        #expect(list.stdout.contains("gcp") && list.stdout.contains("Google Cloud") && list.stdout.contains("Azure Local"))
        // Ingest -s "Azure Local" reaches the same source.
        let ingest = try Self.legacy(cli, ["ingest", CLI.sample("hpc_2026-10.csv"), "-s", "Azure Local", "-p", Self.period])
        #expect(ingest.status == 0 && ingest.stdout.contains("azure-local"), "\(ingest.stderr)")

        let api = try Self.legacy(cli, ["sources", "add", "aws-api", "-d", "AWS", "-t", "api"])
        #expect(api.status == 2 && api.stderr.contains("source type api is not supported")
                && api.stderr.contains("openchargeback sources add aws-api -d \"AWS\""), "\(api.stderr)")
        let sync = try Self.legacy(cli, ["sources", "sync-status"])
        #expect(sync.status == 1 && sync.stderr.contains("openchargeback sources list"))
        for line in [["serve"], ["serve", "-h", "0.0.0.0", "-p", "8000", "--reload"], ["serve", "--host", "127.0.0.1", "--port", "8000"]] {
            let serve = try Self.legacy(cli, line)
            #expect(serve.status == 1 && serve.stderr.contains("openchargeback build") && serve.stderr.contains("web server"), "\(line): \(serve.stderr)")
        }
    }

    @Test func generateAndExportJournalLinesRunWithEachLegacyFormat() throws {
        let cli = try CLI()
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }
        #expect(try cli.run(["ingest"] + files + ["-p", Self.period]).status == 0)
        // The flagged charges (one with fund/org BADFUND, which no GL can post) are rejected.
        #expect(try cli.run(["review", "reject", "--id"] + (try Self.pendingIDs(cli)) + ["--note", "not billable"]).status == 0)

        // generate --dry-run, as in the legacy tool: the PDFs are written, nothing recorded, no mail.
        let dry = try Self.legacy(cli, ["generate", "-p", Self.period, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("dry run: nothing recorded in the ledger"), "\(dry.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/output/statements/\(Self.period)"))
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM statements") == ["0"])
        // --send on an open period: refused after the PDFs, saying what to do.
        let draft = try Self.legacy(cli, ["generate", "-p", Self.period, "--send"])
        #expect(draft.status == 1 && draft.stderr.contains("periods close \(Self.period)") && draft.stderr.contains("--allow-draft"), "\(draft.stderr)")
        #expect(try Self.legacy(cli, ["periods", "close", Self.period]).status == 0)
        let send = try Self.legacy(cli, ["generate", "-p", Self.period, "--send"])
        #expect(send.status == 0 && send.stdout.contains("written"), "\(send.stderr)")
        let pdfs = try Self.legacy(cli, ["generate", "-p", Self.period])
        #expect(pdfs.status == 0 && pdfs.stdout.contains("recorded"))

        let headers = ["default": "Debit", "gl": "Debit", "template": "Debit", "standard": "resource_id", "summary": "amount_due"]
        for (format, column) in headers.sorted(by: { $0.key < $1.key }) {
            let out = cli.folder + "/legacy_\(format).csv"
            let r = try Self.legacy(cli, ["export-journal", "-p", Self.period, "-f", format, "-o", out])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            let header = try String(contentsOfFile: out, encoding: .utf8).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            #expect(header.contains(column), "\(format): \(header)")
        }
        let byDefault = try Self.legacy(cli, ["export-journal", "-p", Self.period])
        #expect(byDefault.status == 0 && byDefault.stdout.contains("journal_\(Self.period)_gl.csv"), "\(byDefault.stdout)")
        let unknown = try Self.legacy(cli, ["export-journal", "-p", Self.period, "-f", "xml"])
        #expect(unknown.status == 2 && unknown.stderr.contains("gl") && unknown.stderr.contains("detail"))
    }
}
