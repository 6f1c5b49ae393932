import ArgumentParser
import ChargebackCore

struct PeriodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "periods",
        abstract: "List periods and move them through open → closed → finalized.",
        subcommands: [List.self, Open.self, Close.self, Reopen.self, Finalize.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List periods with status and totals.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOption

        private typealias Row = (record: PeriodRecord, summary: PeriodSummary)
        private static let schema = RecordSchema<Row>([
            ("period", { .text($0.record.period) }),
            ("status", { .text($0.record.status.rawValue) }),
            ("charges", { .int($0.summary.onStatements.rows) }),
            ("billed", { .sum($0.summary.onStatements.billed) }),
            ("awaiting_review", { .int($0.summary.awaitingReview.rows) }),
            ("awaiting_review_billed", { .sum($0.summary.awaitingReview.billed) }),
            ("changed_at", { .text(changedAt($0.record)) }),
            ("opened_at", { .text($0.record.openedAt) }), ("opened_by", { .text($0.record.openedBy) }),
            ("closed_at", { .text($0.record.closedAt) }), ("closed_by", { .text($0.record.closedBy) }),
            ("reopened_at", { .text($0.record.reopenedAt) }), ("reopened_by", { .text($0.record.reopenedBy) }),
            ("reopen_reason", { .text($0.record.reopenReason) }),
            ("finalized_at", { .text($0.record.finalizedAt) }), ("finalized_by", { .text($0.record.finalizedBy) }),
            ("notes", { .text($0.record.notes) }),
        ])

        private static func changedAt(_ r: PeriodRecord) -> String { r.finalizedAt ?? r.reopenedAt ?? r.closedAt ?? r.openedAt }

        func run() throws {
            let context = try global.context()
            let periods = try context.run { try PeriodWorkflow(store: context.store).list() }
            let rows: [Row] = try periods.compactMap { record in
                guard let period = record.billingPeriod else { return nil }
                return (record, try context.run { try PeriodReports(store: context.store).summary(period) })
            }
            output.print(table: table(rows, context: context),
                         records: Self.schema.records("periods", rows, header: [("currency", .text(context.currency))]))
        }

        private func table(_ rows: [Row], context: CommandContext) -> String {
            guard !rows.isEmpty else { return "no periods yet: ingest a file or run `openchargeback periods open YYYY-MM`\n" }
            var table = TextTable(["period", "status", "charges", "billed (\(context.currency))", "awaiting review", "changed"],
                                  rightAligned: [2, 3, 4])
            for (record, summary) in rows {
                table.add([record.period, record.status.rawValue, "\(summary.onStatements.rows)",
                           context.money(summary.onStatements.billed), "\(summary.awaitingReview.rows)", Self.changedAt(record)])
            }
            return table.render()
        }
    }

    /// What open, close and finalize take: the period and an optional note.
    struct Transition: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Argument(help: "Period, YYYY-MM.") var period: BillingPeriod
        @Option(name: [.short, .customLong("notes")], help: "A note kept with the period.") var notes: String?

        /// Runs one transition of the period workflow.
        func apply(_ body: (PeriodWorkflow, BillingPeriod, String, String?) throws -> Void) throws {
            let context = try global.context()
            try context.run { try body(PeriodWorkflow(store: context.store), period, actorOption.actor, notes) }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a period (ingest opens periods on its own too).")
        @OptionGroup var transition: Transition

        func run() throws {
            var created = false
            try transition.apply { flow, period, actor, notes in created = try flow.open(period, actor: actor, notes: notes) }
            print(created ? "period \(transition.period) is open" : "period \(transition.period) exists already")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a period: it refuses further imports; review can go on.")
        @OptionGroup var transition: Transition

        func run() throws {
            try transition.apply { flow, period, actor, notes in try flow.close(period, actor: actor, notes: notes) }
            print("period \(transition.period) is closed")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a closed period (a reason is required and recorded).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Argument(help: "Period, YYYY-MM.") var period: BillingPeriod
        @Option(help: "Why the period is reopened.") var reason: String

        func run() throws {
            let context = try global.context()
            try context.run { try PeriodWorkflow(store: context.store).reopen(period, reason: reason, actor: actorOption.actor) }
            print("period \(period) is open again")
        }
    }

    struct Finalize: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Finalize a closed period with nothing awaiting review. Permanent.")
        @OptionGroup var transition: Transition

        func run() throws {
            try transition.apply { flow, period, actor, notes in try flow.finalize(period, actor: actor, notes: notes) }
            print("period \(transition.period) is finalized")
        }
    }
}
