import ArgumentParser
import ChargebackCore
import ChargebackSite
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
            Example: openchargeback generate -p 2026-10 --dry-run
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @Flag(help: "Render and count the PDFs; write and record nothing.") var dryRun = false
    @Option(help: "Threads that render PDFs. Default: one per core.") var jobs: Int?
    @Flag(help: "Then e-mail each PI their statements (as notify does).") var send = false
    @OptionGroup var notifyOptions: NotifyOptions

    func run() throws {
        let context = try global.context()
        let builtin = try context.run { try BuiltinFolder.required() }
        let generation = StatementGeneration(store: context.store, config: context.config, builtin: builtin,
                                             jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let result = try context.run { try generation.run(period, dryRun: dryRun, actor: actorOption.actor) }
        // Each statement is rounded to the cent once (as printed on it), then added up.
        let cents = result.statements.reduce(Int64(0)) { $0 + Money(nanos: $1.totalNanos).roundedToCents() }
        let folder = context.config.output.pdfDir + "/" + period.description
        let verb = result.dryRun ? "would write" : "wrote"
        print("\(verb) \(result.statements.count) PDF statements (\(result.bytes) bytes) into \(folder); statements total \(MoneyFormat.display(cents: cents, currency: context.currency))")
        if result.dryRun {
            // The legacy tool's --dry-run wrote the PDFs (recording and sending nothing): say how to get them.
            print("dry run: nothing written or recorded; run without --dry-run to write the PDFs (no e-mail is sent without --send)")
        } else {
            print("recorded \(result.statements.count) statements in the ledger")
        }
        if send {
            try notifyOptions.notify(context, builtin: builtin, period: period, dryRun: dryRun, actor: actorOption.actor)
        }
    }
}
