import ArgumentParser
import ChargebackCore
import ChargebackExport
import ChargebackRender
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a period's PDF statements (one per PI and project) into output.pdf_dir and record them in the ledger.",
        discussion: """
            The same PDFs as the site's pi/<pi>/P/<project>.pdf, typeset from the statement template. Files go \
            to output.pdf_dir/PERIOD/<pi>/<project>.pdf; each is recorded (PI, project, fund/org, total, path, \
            SHA-256). A statement of an open period carries a DRAFT watermark.
            With --send, then e-mails each PI as `notify` does (same options, docs/email.md).
            --dry-run (as in the legacy tool) writes the PDFs but records nothing in the ledger and sends \
            no e-mail; with --send it lists who would get one.
            --to PI writes (and with --send, mails) that PI's statements alone; repeat for more.
            Example: openchargeback generate -p 2026-10 --dry-run
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @Flag(help: "Write the PDFs, but record nothing in the ledger and send no e-mail.") var dryRun = false
    @Option(help: "Threads that render PDFs. Default: one per core.") var jobs: Int?
    @Flag(help: "Then e-mail each PI their statements (as notify does).") var send = false
    @OptionGroup var notifyOptions: NotifyOptions

    func run() throws {
        let context = try global.context()
        let builtin = try context.run { try BuiltinFolder.required() }
        let generation = StatementGeneration(store: context.store, config: context.config, builtin: builtin,
                                             jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, progress: Terminal.progress())
        let only = notifyOptions.to.isEmpty ? nil : notifyOptions.to
        let result = try context.run { try generation.run(period, dryRun: dryRun, actor: actorOption.actor, only: only) }
        for warning in result.warnings { Terminal.warning(warning) }
        // Each statement is rounded to the cent once (as printed on it), then added up.
        let cents = result.statements.reduce(Int64(0)) { $0 + Money(nanos: $1.totalNanos).roundedToCents() }
        let folder = context.config.output.pdfDir + "/" + period.description
        print("wrote \(result.statements.count) PDF statements (\(result.bytes) bytes) into \(folder); statements total \(MoneyFormat.display(cents: cents, currency: context.currency))")
        if result.dryRun {
            print("dry run: nothing recorded in the ledger" + (send ? "; no e-mail sent" : ""))
        } else {
            print("recorded \(result.statements.count) statements in the ledger")
        }
        if send {
            try notifyOptions.notify(context, builtin: builtin, period: period, dryRun: dryRun, actor: actorOption.actor)
        }
    }
}
