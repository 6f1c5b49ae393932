import ArgumentParser
import ChargebackCore
import ChargebackExport
import ChargebackRender
import Foundation

extension JournalFormat: ExpressibleByArgument {
    /// Ours (gl, detail, summary), or a legacy name (`JournalFormat.legacyNames`).
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct ExportJournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-journal",
        abstract: "Write a period's journal for finance: gl (balanced debits and credits), detail or summary.",
        discussion: """
            gl renders journal.template (default: the theme's templates/journal.template); detail has one row \
            per charge; summary one row per PI, project and fund/org. Flagged charges are left out unless \
            --include-flagged. A GL that cannot balance (a source without fund/org, an unmatched fund/org or \
            account) is not written: the error lists every problem. Each export is logged in the ledger.
            Example: openchargeback export-journal -p 2026-09 -f gl -o journal.csv
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @Option(name: [.short, .customLong("format")],
            help: "The journal format (the legacy names default, standard and template are read as gl, detail and gl).")
    var format: JournalFormat = .gl
    @Option(name: [.short, .customLong("output")],
            help: "File to write ('-' for standard output). Default: output.journal_dir/journal_PERIOD_FORMAT.csv (_DRAFT while open).")
    var output: String?
    @Flag(help: "Include charges still awaiting review (they are on no statement).") var includeFlagged = false
    @Flag(help: "Write a fund/org or account that the journal regexes do not match whole instead of failing.") var allowUnparsed = false

    func run() throws {
        let context = try global.context()
        let builtin = try context.run { try BuiltinFolder.required() }
        let request = JournalExport.Request(period: period, format: format, output: output.map { $0 == "-" ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path },
                                            includeFlagged: includeFlagged, allowUnparsed: allowUnparsed, actor: actorOption.actor)
        let result = try context.run { try JournalExport(store: context.store, config: context.config, builtin: builtin).run(request) }
        let file = result.file
        let totals = format == .gl
            ? "debit \(MoneyFormat.cents(file.debitCents)) = credit \(MoneyFormat.cents(file.creditCents)) \(context.currency)"
            : "billed \(MoneyFormat.cents(file.debitCents)) \(context.currency)"
        let report = "\(format.rawValue) journal \(period) (\(file.status.rawValue)): \(file.rows) rows, \(totals), sha256 \(file.sha256)"
        if result.path == "-" {
            FileHandle.standardOutput.write(Data(file.bytes))
            Terminal.note(report)
        } else {
            print("wrote \(result.path)")
            print(report)
        }
    }
}
