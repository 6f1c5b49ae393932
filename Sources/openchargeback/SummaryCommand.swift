import ArgumentParser
import ChargebackCore

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Period summary: totals by source and by PI (every period when -p is not given).",
        discussion: "Example: openchargeback summary -p 2026-10")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod?

    func run() throws {
        let context = try global.context()
        let periods: [BillingPeriod]
        if let period {
            periods = [period]
        } else {
            periods = try context.run { try PeriodWorkflow(store: context.store).list() }.compactMap(\.billingPeriod).sorted()
        }
        if periods.isEmpty { print("no periods yet") }
        for p in periods {
            let s = try context.run { try PeriodReports(store: context.store).summary(p) }
            print(PeriodSummaryText(summary: s, context: context).render())
        }
    }
}

struct PeriodSummaryText {
    var summary: PeriodSummary
    var context: CommandContext

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
