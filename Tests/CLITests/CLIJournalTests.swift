import Crypto
import Foundation
import Testing

/// `openchargeback export-journal` through the real binary: files, totals,
/// the ledger's log of exports, and refusals that write nothing.
@Suite(.serialized) struct CLIJournalTests {
    /// A CLI with 2026-09 of the sample data ingested; `edit` changes config.example.yaml first.
    static func ledger(_ edit: (String) -> String = { $0 }) throws -> CLI {
        let cli = try CLI(configYAML: edit(try CLI.exampleConfig()))
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-09.csv") }
        let ingest = try cli.run(["ingest"] + files + ["-p", "2026-09"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return cli
    }

    static func exports(_ cli: CLI) throws -> [String] {
        try query(cli, "SELECT period, format, rows, debit_nanos, credit_nanos, sha256, actor, path FROM journal_exports ORDER BY id")
    }

    /// Rows of `sql` on the CLI's ledger, as sqlite3 prints them (`|` between columns).
    static func query(_ cli: CLI, _ sql: String) throws -> [String] {
        try CLI.sqlite(cli.folder + "/openchargeback.sqlite", sql)
    }

    @Test func glIsWrittenBalancedNamedAsDraftAndLogged() throws {
        let cli = try Self.ledger()
        let result = try cli.run(["export-journal", "-p", "2026-09"])
        #expect(result.status == 0, "\(result.stderr)")
        let path = cli.folder + "/output/journals/journal_2026-09_gl_DRAFT.csv"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        #expect(result.stdout.contains("wrote \(path)"))
        #expect(result.stdout.contains("debit 7457.30 = credit 7457.30 USD"), "\(result.stdout)")
        #expect(result.stdout.contains(digest))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Fund,Orgn,Account,Program,Activity,Location,Debit,Credit,Description,Reference ID\r\n"))
        #expect(try Self.exports(cli) == ["2026-09|gl|27|7457300000000|7457300000000|\(digest)|cli-tester|\(path)"])
    }

    @Test func detailAndSummaryToAFileOrStandardOutput() throws {
        let cli = try Self.ledger()
        let detail = try cli.run(["export-journal", "-p", "2026-09", "-f", "detail", "-o", "-", "--by", "finance-clerk"])
        #expect(detail.status == 0, "\(detail.stderr)")
        let lines = detail.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 38)   // header + the charges on statements (sample_data/README.md)
        #expect(lines.first?.hasPrefix("period,pi_email,project_id,statement_id,fund_org,account,source") == true)
        #expect(detail.stderr.contains("detail journal 2026-09 (open): 38 rows"))

        let flagged = try cli.run(["export-journal", "-p", "2026-09", "-f", "detail", "--include-flagged"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(flagged.stdout.contains("journal_2026-09_detail_DRAFT_incl-flagged.csv"))
        #expect(flagged.stdout.contains("41 rows"))

        let summary = try cli.run(["export-journal", "-p", "2026-09", "-f", "summary", "-o", "sum.csv"])
        #expect(summary.status == 0)
        let text = try String(contentsOfFile: cli.folder + "/sum.csv", encoding: .utf8)
        #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + 12)
        let log = try Self.exports(cli)
        #expect(log.count == 3)
        #expect(log[0].hasPrefix("2026-09|detail|38|") && log[0].contains("|finance-clerk|-"))
        #expect(log[1].hasPrefix("2026-09|detail+flagged|41|"))
        #expect(log[2].hasPrefix("2026-09|summary|12|7457300000000|0|") && log[2].hasSuffix(cli.folder + "/sum.csv"))
    }

    @Test func aJournalThatCannotBalanceIsNeverWritten() throws {
        // hpc loses its fund/org: its recovery has nowhere to go.
        let cli = try Self.ledger { $0.replacingOccurrences(of: "      fund_org: \"100000-9300\"\n", with: "") }
        let result = try cli.run(["export-journal", "-p", "2026-09", "-o", "gl.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write a balanced GL journal for 2026-09; nothing was written"))
        #expect(result.stderr.contains("source \"hpc\" has no fund/org to credit"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/gl.csv"))
        #expect(try Self.exports(cli).isEmpty)

        // Flagged charges include one without a fund/org: listed with its PI.
        let healthy = try Self.ledger()
        let flagged = try healthy.run(["export-journal", "-p", "2026-09", "--include-flagged"])
        #expect(flagged.status == 1)
        #expect(flagged.stderr.contains("1 charge with no fund/org to debit, of PI sven.bjornsson@northfield.example.edu"))
    }

    @Test func unmatchedFundOrgsAreListedWithTheirPIsOrPassedThroughWhenAllowed() throws {
        // A regex that only the 41xxxx funds and the sources' 100000 funds match.
        let cli = try Self.ledger {
            $0.replacingOccurrences(of: #"fund_org_regex: "^(?P<fund>\\d{6})-(?P<orgn>\\d{4})$""#,
                                    with: #"fund_org_regex: "^(?P<fund>(41|10)\\d{4})-(?P<orgn>\\d{4})$""#)
        }
        let refused = try cli.run(["export-journal", "-p", "2026-09"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("fund/org \"420118-2001\" does not match journal.fund_org_regex"))
        #expect(refused.stderr.contains("liang.chen@northfield.example.edu"))
        #expect(refused.stderr.contains("--allow-unparsed"))

        let allowed = try cli.run(["export-journal", "-p", "2026-09", "--allow-unparsed", "-o", "-"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("\r\n420118-2001,,74200,"))   // the whole string in Fund, Orgn empty
        #expect(allowed.stdout.contains("\r\n410233,1001,74100,"))
    }

    @Test func badRequestsExitWithTheRightCode() throws {
        let cli = try Self.ledger()
        let unknown = try cli.run(["export-journal", "-p", "2030-01"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("2030-01"))
        let format = try cli.run(["export-journal", "-p", "2026-09", "-f", "xlsx"])
        #expect(format.status == 2)
    }
}
