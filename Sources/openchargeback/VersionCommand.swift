import ArgumentParser
import ChargebackCore

/// `openchargeback version`: the legacy tool's command, printing what `--version` prints.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version (as --version does).")

    func run() throws {
        print(ToolVersion.current)
    }
}
