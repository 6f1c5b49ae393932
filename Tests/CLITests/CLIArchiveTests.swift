import Foundation
import Testing

/// `build` archives a finalized period and `verify` checks the archive, through the real binary.
@Suite struct CLIArchiveTests {
    /// 2026-09 of the sample data ingested, approved, closed, finalized and built.
    static func finalizedAndBuilt() throws -> (CLI, CLI.Result) {
        let cli = try CLI()
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-09.csv") }
        #expect(try cli.run(["ingest"] + files + ["-p", "2026-09"]).status == 0)
        #expect(try cli.run(["review", "approve", "-p", "2026-09", "--note", "checked"]).status == 0)
        #expect(try cli.run(["periods", "close", "2026-09"]).status == 0)
        #expect(try cli.run(["periods", "finalize", "2026-09"]).status == 0)
        return (cli, try cli.run(["build", "--out", "site"]))
    }

    @Test func buildArchivesAFinalizedPeriodAndVerifyFindsItIntact() throws {
        let (cli, build) = try Self.finalizedAndBuilt()
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("archived 2026-09: "))
        let again = try cli.run(["build", "--out", "site", "-p", "2026-09"])
        #expect(again.stdout.contains("frozen (finalized, kept as archived): 2026-09"))
        #expect(again.stderr.contains("--period 2026-09: finalized and frozen, not rendered again"))

        let verify = try cli.run(["verify", "site/archive/openchargeback_2026-09.zip"], passConfig: false)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("OK (openchargeback_2026-09/SHA256SUMS):"))
        #expect(verify.stdout.contains(" files intact"))
    }

    @Test func verifyNamesEachDifferenceAndExits1() throws {
        let (cli, _) = try Self.finalizedAndBuilt()
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", cli.folder + "/site/archive/openchargeback_2026-09.zip", "-d", cli.folder + "/x"]
        try unzip.run()
        unzip.waitUntilExit()
        #expect(unzip.terminationStatus == 0)
        let folder = cli.folder + "/x/openchargeback_2026-09"
        #expect(try cli.run(["verify", folder], passConfig: false).status == 0)

        let page = folder + "/periods/2026-09/index.html"
        var bytes = try #require(FileManager.default.contents(atPath: page))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: page))
        try FileManager.default.removeItem(atPath: folder + "/inputs.sha256")
        try "added".write(toFile: folder + "/finance/2026-09/added.csv", atomically: true, encoding: .utf8)
        let result = try cli.run(["verify", "x"], passConfig: false)
        #expect(result.status == 1)
        #expect(result.stdout.contains("changed: periods/2026-09/index.html\n"))
        #expect(result.stdout.contains("missing: inputs.sha256\n"))
        #expect(result.stdout.contains("extra: finance/2026-09/added.csv\n"))
        #expect(result.stdout.contains("NOT INTACT"))
        #expect(result.stdout.contains("1 changed, 1 missing, 1 extra"))
    }

    @Test func verifyExplainsWhatIsNotASnapshot() throws {
        let cli = try CLI()
        let notZip = try cli.write("notes.zip", "not a zip")
        let result = try cli.run(["verify", notZip], passConfig: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a readable zip archive"))
        try FileManager.default.createDirectory(atPath: cli.folder + "/snap", withIntermediateDirectories: true)
        _ = try cli.write("snap/SHA256SUMS", "not a checksum line\n")
        let malformed = try cli.run(["verify", "snap"], passConfig: false)
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("SHA256SUMS:1: expected \"<64 hex digits>  <path>\""))
        #expect(try cli.run(["verify"], passConfig: false).status == 2)
    }
}
