import ArgumentParser
import ChargebackCore

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Period summary: totals by source and by PI (every period when -p is not given).",
        discussion: "Example: openchargeback summary -p 2026-10")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod?
    @OptionGroup var output: FormatOption

    func run() throws {
        let context = try global.context()
        let periods: [BillingPeriod]
        if let period {
            periods = [period]
        } else {
            periods = try context.run { try PeriodWorkflow(store: context.store).list() }.compactMap(\.billingPeriod).sorted()
        }
        let summaries = try periods.map { p in try context.run { try PeriodReports(store: context.store).summary(p) } }
        let table = summaries.isEmpty ? "no periods yet\n" : summaries.map { PeriodSummaryText(summary: $0, context: context).render() + "\n" }.joined()
        let header: [(String, OutputValue)] = [("currency", .text(context.currency))]
        output.print(table: table, records: PeriodSummaryText.schema.records("rows", summaries.flatMap(PeriodSummaryText.rows), header: header))
    }
}

struct PeriodSummaryText {
    var summary: PeriodSummary
    var context: CommandContext

    /// One row of a summary for scripts: `group` is `status` (name: on_statements, awaiting_review,
    /// rejected), `source` (name: the source) or `pi` (name: the PI's e-mail, with their number of projects).
    struct Row {
        var summary: PeriodSummary
        var group: String
        var name: String
        var projects: Int?
        var totals: ChargeTotals
    }

    static func rows(_ s: PeriodSummary) -> [Row] {
        [("on_statements", s.onStatements), ("awaiting_review", s.awaitingReview), ("rejected", s.rejected)]
            .map { Row(summary: s, group: "status", name: $0.0, totals: $0.1) }
            + s.bySource.map { Row(summary: s, group: "source", name: $0.name, totals: $0.totals) }
            + s.byPI.map { Row(summary: s, group: "pi", name: $0.piEmail, projects: $0.projects, totals: $0.totals) }
    }

    static let schema: RecordSchema<Row> = {
        let own: [RecordSchema<Row>.Field] = [
            ("period", { .text($0.summary.period.description) }),
            ("status", { .text($0.summary.status.rawValue) }),
            ("group", { .text($0.group) }),
            ("name", { .text($0.name) }),
            ("projects", { .integer($0.projects.map(Int64.init)) }),
        ]
        return RecordSchema(own + RecordSchema.fields(TotalsFields.fields, of: { $0.totals }))
    }()

    func render() -> String {
        let c = context.currency
        var out = "== \(summary.period) (\(summary.status.rawValue)) ==\n"
        var totals = TextTable(["", "charges", "list", "discount", "subsidy", "billed (\(c))"], rightAligned: [1, 2, 3, 4, 5])
        for (label, t) in [("on statements", summary.onStatements), ("awaiting review", summary.awaitingReview), ("rejected", summary.rejected)] {
            totals.add([label, "\(t.rows)", context.money(t.list), context.money(t.discount), context.money(t.subsidy), context.money(t.billed)])
        }
        out += totals.render() + "\n"
        var sources = TextTable(["source", "charges", "list", "discount", "subsidy", "billed (\(c))"], rightAligned: [1, 2, 3, 4, 5])
        for (name, t) in summary.bySource {
            sources.add([name, "\(t.rows)", context.money(t.list), context.money(t.discount), context.money(t.subsidy), context.money(t.billed)])
        }
        out += sources.render() + "\n"
        var pis = TextTable(["pi", "projects", "charges", "list", "billed (\(c))"], rightAligned: [1, 2, 3, 4])
        for (pi, projects, t) in summary.byPI {
            pis.add([TextCell.clip(pi, 48), "\(projects)", "\(t.rows)", context.money(t.list), context.money(t.billed)])
        }
        out += pis.render()
        return out
    }
}
