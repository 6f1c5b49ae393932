import Crypto
import Foundation
import Testing

/// `openchargeback generate`: PDFs into output.pdf_dir, recorded in the ledger.
@Suite(.serialized) struct CLIGenerateTests {
    @Test func writesOnePDFPerProjectRecordsThemAndADryRunRecordsNothing() throws {
        let cli = try CLIJournalTests.ledger()
        // --dry-run, as in the legacy tool: the PDFs are written, the ledger is not touched.
        let dry = try cli.run(["generate", "-p", "2026-09", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("wrote 12 PDF statements"))
        #expect(dry.stdout.contains("statements total USD 7,457.30"))
        #expect(dry.stdout.contains("dry run: nothing recorded in the ledger"))
        let folder = cli.folder + "/output/statements/2026-09"
        let dryFiles = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }
        #expect(dryFiles.count == 12)
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM statements") == ["0"])
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM audit_log WHERE action = 'statements.generate'") == ["0"])

        let real = try cli.run(["generate", "-p", "2026-09", "--by", "clerk"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout.contains("recorded 12 statements"))
        let rows = try CLIJournalTests.query(cli, "SELECT path, sha256, project_id FROM statements ORDER BY id")
        #expect(rows.count == 12)
        for row in rows {
            let parts = row.split(separator: "|").map(String.init)
            let bytes = try #require(FileManager.default.contents(atPath: parts[0]), "no \(parts[0])")
            #expect(parts[0].hasPrefix(folder + "/"))
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == parts[1])
            #expect(bytes.starts(with: Array("%PDF-".utf8)))
        }
        // Generating again replaces the records instead of adding to them.
        _ = try cli.run(["generate", "-p", "2026-09"])
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM statements") == ["12"])

        let unknown = try cli.run(["generate", "-p", "2031-01"])
        #expect(unknown.status == 1 && unknown.stderr.contains("2031-01"))
    }

    /// `--to`: that PI's statements alone are typeset and recorded; a PI without one is refused before
    /// anything is written.
    @Test func toWritesThatPIsStatementsAloneAndRefusesAPIWithoutOne() throws {
        let cli = try CLIJournalTests.ledger()
        let projects = try CLIJournalTests.query(cli, """
            SELECT lower(pi_email), count(DISTINCT COALESCE(project_id, '')) FROM charges
            WHERE period = '2026-09' AND review_status IN ('none', 'approved') GROUP BY 1 ORDER BY 2 DESC, 1
            """).map { $0.split(separator: "|").map(String.init) }
        let pi = try #require(projects.first)
        #expect(projects.count > 1 && Int(pi[1]) ?? 0 > 1, "a PI with several projects, among others")
        let folder = cli.folder + "/output/statements/2026-09"

        let refused = try cli.run(["generate", "-p", "2026-09", "--to", pi[0].uppercased(), "--to", "nobody@example.edu"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nobody@example.edu") && !refused.stderr.contains(pi[0].uppercased()), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder), "nothing written")
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM statements") == ["0"])

        let one = try cli.run(["generate", "-p", "2026-09", "--to", pi[0].uppercased(), "--by", "clerk"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("wrote \(pi[1]) PDF statements"), "\(one.stdout)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }
        #expect(files.count == Int(pi[1]))
        #expect(try CLIJournalTests.query(cli, "SELECT DISTINCT lower(pi_email) FROM statements") == [pi[0]])
    }
}
