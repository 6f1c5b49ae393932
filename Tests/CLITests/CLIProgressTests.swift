import Foundation
import Testing

/// Progress when stderr is not a terminal (a pipe here, as in cron or a CI
/// log): exactly one line per phase, and no `\r` redraws.
@Suite(.serialized) struct CLIProgressTests {
    /// stderr's lines that are not warnings, after checking it holds no `\r` or escape.
    static func phaseLines(_ result: CLI.Result) -> [String] {
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(result.stderr.debugDescription)")
        return result.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("warning: ") }
    }

    /// `line` is `prefix` then ` in N.N s`, and a rate when any time passed.
    static func matches(_ line: String, _ prefix: String) -> Bool {
        line.wholeMatch(of: try! Regex(NSRegularExpression.escapedPattern(for: prefix) + #" in \d+\.\d s( \([\d,.]+ ?[A-Za-z/]+\))?"#)) != nil
    }

    @Test func ingestBuildGenerateAndNotifyLogOneLinePerPhase() throws {
        let cli = try CLI()
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-09.csv") }
        let ingest = try cli.run(["ingest"] + files + ["-p", "2026-09"])
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let ingestLines = Self.phaseLines(ingest)
        #expect(ingestLines.count == 4, "\(ingestLines)")
        for (line, name) in zip(ingestLines, ["aws", "azure", "hpc", "storage"]) {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: CLI.sample("\(name)_2026-09.csv"))[.size] as? Int)
            let mb = "\((size + 50_000) / 1_000_000).\((size + 50_000) / 100_000 % 10)"
            #expect(Self.matches(line, "ingest \(name)_2026-09.csv: read \(mb) MB"), "\(line)")
        }
        #expect(!ingest.stdout.contains("ingest \(files[0])"))  // progress is stderr only

        let build = try cli.run(["build"])
        try #require(build.status == 0, "\(build.stderr)")
        let buildLines = Self.phaseLines(build)
        #expect(buildLines.count == 2, "\(buildLines)")
        #expect(buildLines.count == 2 && Self.matches(buildLines[0], "build 2026-09: rendered 8 statements"), "\(buildLines)")
        #expect(buildLines.count == 2 && Self.matches(buildLines[1], "build histories: rendered 8 PI pages"), "\(buildLines)")

        let generate = try cli.run(["generate", "-p", "2026-09", "--dry-run"])
        try #require(generate.status == 0, "\(generate.stderr)")
        let generateLines = Self.phaseLines(generate)
        #expect(generateLines.count == 1 && Self.matches(generateLines[0], "generate 2026-09: rendered 8 PIs"), "\(generateLines)")

        let notify = try cli.run(["notify", "-p", "2026-09", "--allow-draft", "--to-dir", cli.folder + "/outbox"])
        try #require(notify.status == 0, "\(notify.stderr)")
        let notifyLines = Self.phaseLines(notify)
        #expect(notifyLines.count == 1 && Self.matches(notifyLines[0], "notify 2026-09: handled 8 PIs"), "\(notifyLines)")
    }
}
