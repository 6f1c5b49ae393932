import ArgumentParser
import ChargebackSite

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a period's snapshot (archive zip or unzipped folder) against its SHA256SUMS manifest.",
        discussion: """
            Lists each file that changed, is missing, is extra or (in a zip) fails its CRC-32, then a last line. \
            Exit 0 when every file is intact, 1 on any difference or when PATH is not a readable snapshot. \
            Needs no config or ledger: an auditor can run it on a copy.
            Example: openchargeback verify site/archive/openchargeback_2026-09.zip
            """)

    @Argument(help: "A snapshot zip (archive/openchargeback_P.zip) or a folder holding SHA256SUMS (or one subfolder that does).")
    var path: String

    func run() throws {
        let report: SnapshotReport
        do {
            report = try SnapshotVerifier.verify(path: path)
        } catch {
            throw CommandFailure(error.description)
        }
        for (label, paths) in [("changed", report.changed), ("missing", report.missing), ("extra", report.extra), ("damaged", report.damaged)] {
            for path in paths { print("\(label): \(path)") }
        }
        let intact = "\(report.intact.count) file\(report.intact.count == 1 ? "" : "s") intact"
        guard report.isIntact else {
            print("NOT INTACT (\(report.manifest)): \(report.changed.count) changed, \(report.missing.count) missing, "
                  + "\(report.extra.count) extra, \(report.damaged.count) damaged; \(intact)")
            throw ExitCode.failure
        }
        print("OK (\(report.manifest)): \(intact)")
    }
}
