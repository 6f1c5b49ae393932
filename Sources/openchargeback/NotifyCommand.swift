import ArgumentParser
import ChargebackCore
import ChargebackNotify
import ChargebackRender
import Foundation

/// The options `notify` and `generate --send` share.
struct NotifyOptions: ParsableArguments {
    @Option(name: .customLong("to"), help: ArgumentHelp("Only this PI (their e-mail); repeat for more. Default: every PI of the period.", valueName: "pi-email"))
    var to: [String] = []
    @Flag(help: "Send again to PIs already notified whose statement did not change.") var resend = false
    @Flag(help: "Send although the period is open (draft statements).") var allowDraft = false
    @Option(name: .customLong("to-dir"), help: ArgumentHelp("Write each message as an .eml file into DIR instead of sending it.", valueName: "dir"))
    var toDir: String?

    func options(dryRun: Bool) -> NotifyRun.Options {
        NotifyRun.Options(dryRun: dryRun, only: to.isEmpty ? nil : to, resend: resend, allowDraft: allowDraft,
                          toDir: toDir.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path })
    }

    /// Runs the notices and prints the table; exit 1 when any failed.
    func notify(_ context: CommandContext, builtin: String, period: BillingPeriod, dryRun: Bool, actor: String) throws {
        let run = NotifyRun(store: context.store, config: context.config, builtin: builtin, progress: Terminal.progress())
        let report = try context.run { try run.run(period, options: options(dryRun: dryRun), actor: actor) }
        if context.config.site.baseURL.isEmpty {
            Terminal.warning("site.base_url is not set: the messages carry no link to the PI's statement page")
        }
        context.logger.info("notify", metadata: [
            "period": "\(period)", "destination": "\(report.destination)", "dry_run": "\(dryRun)",
            "sent": "\(report.count(.sent))", "written": "\(report.count(.written))", "skipped": "\(report.count(.skipped))",
            "failed": "\(report.count(.failed))",
        ])
        for row in report.rows where row.outcome == .failed {
            context.logger.warning("notify failed", metadata: ["period": "\(period)", "pi": "\(row.piEmail)", "error": "\(row.detail)"])
        }
        var table = TextTable(["PI", "result", "detail"])
        for row in report.rows { table.add([row.piEmail, row.outcome.rawValue, row.detail]) }
        print(table.render(), terminator: "")
        let counts = [NotifyReport.Outcome.sent, .written, .wouldSend, .skipped, .failed].map { "\(report.count($0)) \($0.rawValue)" }
        print("\(period) via \(report.destination): " + counts.joined(separator: ", "))
        if report.anyFailed {
            Terminal.error("\(report.count(.failed)) notice(s) failed (logged in the ledger); run notify again to retry them")
            throw ExitCode(1)
        }
    }
}

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "E-mail each PI that their statement for a period is ready: amounts, a link to their page, their PDFs.",
        discussion: """
            One message per PI: subject from email.subject_template, body from content/email.md (HTML and plain \
            text), the PI's PDF statements attached (email.attach_pdfs). Sent through smtp.*; with email.dev_mode or \
            --to-dir, written as .eml files instead. An open period is refused without --allow-draft; a PI already \
            notified is skipped unless their statement changed or --resend. Every attempt is logged in the ledger; \
            exit 1 if any failed. See docs/email.md.
            Example: openchargeback notify -p 2026-10 --dry-run
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @Flag(help: "Make every message and say who would get one; send, write and log nothing.") var dryRun = false
    @OptionGroup var notifyOptions: NotifyOptions

    func run() throws {
        let context = try global.context()
        let builtin = try context.run { try BuiltinFolder.required() }
        try notifyOptions.notify(context, builtin: builtin, period: period, dryRun: dryRun, actor: actorOption.actor)
    }
}
