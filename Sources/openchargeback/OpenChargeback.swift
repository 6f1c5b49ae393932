import ArgumentParser
import ChargebackCore
import Foundation

/// The command-line shell: each subcommand parses its options, calls into
/// ChargebackCore, and formats the result. Exit codes: 0 ok, 1 error, 2 usage.
@main
struct OpenChargeback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openchargeback",
        abstract: "Research-computing chargeback: FOCUS billing exports in, statements, journals and a static site out.",
        version: ToolVersion.current,
        subcommands: [
            IngestCommand.self, ConvertCommand.self, PeriodsCommand.self, SourcesCommand.self, ReviewCommand.self,
            ShowCommand.self, SummaryCommand.self, ReconcileCommand.self, LogCommand.self, ImportLegacyCommand.self, ExportJournalCommand.self, GenerateCommand.self, NotifyCommand.self, BuildCommand.self,
            VerifyCommand.self, VersionCommand.self, ServeCommand.self,
        ])

    // The legacy tool's root options (Typer's), so its lines get a message, not a usage error.
    @Flag(name: .customLong("install-completion"), help: .hidden) var installCompletion = false
    @Flag(name: .customLong("show-completion"), help: .hidden) var showCompletion = false

    func run() throws {
        guard installCompletion || showCompletion else { throw CleanExit.helpRequest(self) }
        throw CommandFailure("shell completion: write `openchargeback --generate-completion-script bash` (or zsh, fish) "
            + "and save it where your shell loads completions, e.g. "
            + "openchargeback --generate-completion-script bash > /etc/bash_completion.d/openchargeback")
    }

    static func main() {
        MallocPolicy.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandFailure {
            Terminal.error(error.message)
            Foundation.exit(1)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                // ArgumentParser's usage errors: say what was wrong, exit 2.
                Terminal.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            Terminal.error("\(error)")
            Foundation.exit(1)
        }
    }
}

/// An error already worded for the user; the command exits 1.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
