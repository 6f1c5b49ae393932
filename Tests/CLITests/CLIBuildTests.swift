import Foundation
import Testing

/// `openchargeback build` through the real binary: output, and atomic
/// replacement of the site when a build is killed midway.
@Suite(.serialized) struct CLIBuildTests {
    func sampleLedger() throws -> CLI {
        let cli = try CLI()
        for period in ["2026-09", "2026-10"] {
            let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_\(period).csv") }
            let ingest = try cli.run(["ingest"] + files + ["-p", period])
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        return cli
    }

    static func files(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: root + "/" + rel) { out[rel] = data }
        }
        return out
    }

    @Test func buildWritesTheSiteAndSaysHowToPreviewIt() throws {
        let cli = try sampleLedger()
        let build = try cli.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("site: \(cli.folder)/_site"))
        #expect(build.stdout.contains("periods rendered: 2026-09 2026-10"))
        #expect(build.stdout.contains("python3 -m http.server"))
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/_site/index.html"))
        let again = try cli.run(["build"])
        #expect(again.stdout.contains("periods rendered: none; kept: 2026-09 2026-10"))
        let forced = try cli.run(["build", "--period", "2026-09"])
        #expect(forced.stdout.contains("periods rendered: 2026-09; kept: 2026-10"))
        let bad = try cli.run(["build", "--period", "2026-13"])
        #expect(bad.status == 2)
    }

    @Test func aKilledBuildLeavesThePreviousSiteIntact() throws {
        let cli = try sampleLedger()
        let first = try cli.run(["build", "--out", "site"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = Self.files(cli.folder + "/site")
        #expect(before.count > 30)

        // New data, then a build that dies (SIGKILL) after writing 10 files.
        try cli.run(["periods", "close", "2026-09"])
        let killed = try cli.run(["build", "--out", "site"], environment: ["OPENCHARGEBACK_TEST_KILL_AFTER_FILES": "10"])
        #expect(killed.status != 0)
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/.site.staging"))
        #expect(Self.files(cli.folder + "/site") == before)

        // The next build cleans up and completes.
        let next = try cli.run(["build", "--out", "site"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/.site.staging"))
        #expect(Self.files(cli.folder + "/site") != before)
    }

    @Test func sourceDateEpochIsTheOnlyTimeInPages() throws {
        let cli = try sampleLedger()
        let plain = try cli.run(["build", "--out", "a"])
        #expect(plain.status == 0)
        #expect(!(try String(contentsOfFile: cli.folder + "/a/index.html", encoding: .utf8)).contains("built "))
        let dated = try cli.run(["build", "--out", "b"], environment: ["SOURCE_DATE_EPOCH": "1790000000"])
        #expect(dated.status == 0)
        #expect(try String(contentsOfFile: cli.folder + "/b/index.html", encoding: .utf8).contains("built 2026-09-21"))
        let bad = try cli.run(["build", "--out", "c"], environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(bad.status == 1 && bad.stderr.contains("SOURCE_DATE_EPOCH"))
    }

    /// A local statement template with raw HTML: the page shows it, the PDF leaves it out, and
    /// `build` and `generate` say so naming the file and line; a template block mistake stops both.
    @Test func rawHTMLInAStatementTemplateIsAWarningABlockMistakeAnError() throws {
        let local = try CLI(configYAML: CLI.exampleConfig().replacingOccurrences(of: "site:\n", with: "site:\n  content_dir: ./content\n"))
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }
        #expect(try local.run(["ingest"] + files + ["-p", "2026-10"]).status == 0)
        try FileManager.default.createDirectory(atPath: local.folder + "/content", withIntermediateDirectories: true)
        let template = local.folder + "/content/statement.md"
        try "{{% CONTENT_TYPE: MARKDOWN}}\n# {{pi}}\n\n<div class=\"box\">boxed</div>\n".write(toFile: template, atomically: true, encoding: .utf8)
        let build = try local.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("warning: \(template):4: raw HTML (<div class=\"box\">boxed</div>) is on the statement web page but left out of its PDF"),
                "\(build.stderr)")
        let generate = try local.run(["generate", "-p", "2026-10", "--dry-run"])
        #expect(generate.status == 0 && generate.stderr.contains("\(template):4: raw HTML"), "\(generate.stderr)")

        try "{{% CONTENT_TYPE: MARKDOWN}}\n::: figurez\nx\n:::\n".write(toFile: template, atomically: true, encoding: .utf8)
        let broken = try local.run(["build"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("\(template):2:1: unknown template block ::: figurez"), "\(broken.stderr)")
    }
}
