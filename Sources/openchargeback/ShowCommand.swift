import ArgumentParser
import ChargebackCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One PI's projects, charges and amounts in a period, with review status.",
        discussion: "Example: openchargeback show ada.lovelace@northfield.example.edu -p 2026-10")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The PI's e-mail (or 'unallocated').") var piEmail: String
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @OptionGroup var output: FormatOption

    func run() throws {
        let context = try global.context()
        let report = try context.run { try PIChargesReport.load(store: context.store, piEmail: piEmail, period: period) }
        guard !report.projects.isEmpty else {
            throw CommandFailure("no charges for \(TextCell.clip(piEmail)) in \(period)")
        }
        let rows = report.projects.flatMap(\.charges)
        let header: [(String, OutputValue)] = [
            ("currency", .text(context.currency)), ("pi_email", .text(report.piEmail)), ("period", .text(period.description)),
            ("status", .text(report.status.rawValue)), ("projects", .list(report.projects.map(Self.project))),
            ("on_statements", TotalsFields.object(report.onStatement)),
        ]
        output.print(table: table(report, context: context), records: Self.schema.records("charges", rows, header: header))
    }

    /// A charge's fields, and whether it is on the statement (never flagged, or approved).
    private static let schema: RecordSchema<ChargeRecord> = {
        let onStatement: RecordSchema<ChargeRecord>.Field = ("on_statement", { .bool($0.reviewStatus.isOnStatement) })
        return RecordSchema(ChargeFields.fields + [onStatement])
    }()

    private static func project(_ p: PIChargesReport.Project) -> OutputValue {
        .object([("project_id", .text(p.projectId)), ("fund_orgs", .list(p.fundOrgs.map { .text($0) })),
                 ("on_statement", TotalsFields.object(p.onStatement)), ("awaiting_review", TotalsFields.object(p.awaitingReview)),
                 ("rejected", TotalsFields.object(p.rejected))])
    }

    private func table(_ report: PIChargesReport, context: CommandContext) -> String {
        var out = ""
        func print(_ line: String) { out += line + "\n" }
        print("\(TextCell.clip(report.piEmail)), period \(period) (\(report.status.rawValue))\n")
        for project in report.projects {
            print("project \(TextCell.clip(project.projectId))  fund/org \(project.fundOrgs.map { TextCell.clip($0) }.joined(separator: ", "))")
            var table = TextTable(["id", "date", "source", "service", "resource", "list", "discount", "subsidy", "billed", "status"],
                                  rightAligned: [0, 5, 6, 7, 8])
            for c in project.charges {
                let status = c.reviewStatus == .unflagged ? "" : c.reviewStatus.rawValue + (c.flagReason.map { " (\($0))" } ?? "")
                let discount = MoneySum(nanos: Int128(c.listNanos) - Int128(c.contractedNanos))
                let subsidy = MoneySum(nanos: Int128(c.contractedNanos) - Int128(c.billedNanos))
                table.add(["\(c.id)", String((c.chargePeriodStart ?? "").prefix(10)), c.sourceName, TextCell.clip(c.serviceName ?? "", 32),
                           TextCell.clip(c.resourceName ?? c.resourceId ?? "", 32), context.money(c.list), context.money(discount),
                           context.money(subsidy), context.money(c.billed), TextCell.clip(status, 50)])
            }
            print(table.render())
            print("  on statement: \(context.currency) \(context.money(project.onStatement.billed)) (\(Self.count(project.onStatement.rows, "charge")))"
                  + "   awaiting review: \(context.money(project.awaitingReview.billed)) (\(project.awaitingReview.rows))"
                  + "   rejected: \(context.money(project.rejected.billed)) (\(project.rejected.rows))\n")
        }
        let total = report.onStatement
        print("total on statements: \(context.currency) \(context.money(total.billed))  (list \(context.money(total.list)), discount \(context.money(total.discount)), subsidy \(context.money(total.subsidy)))")
        return out
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
