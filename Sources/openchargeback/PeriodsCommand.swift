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

        func run() throws {
            let context = try global.context()
            let periods = try context.run { try PeriodWorkflow(store: context.store).list() }
            var table = TextTable(["period", "status", "charges", "billed (\(context.currency))", "awaiting review", "changed"],
                                  rightAligned: [2, 3, 4])
            for record in periods {
                guard let period = record.billingPeriod else { continue }
                let summary = try context.run { try PeriodReports(store: context.store).summary(period) }
                let when = record.finalizedAt ?? record.reopenedAt ?? record.closedAt ?? record.openedAt
                table.add([record.period, record.status.rawValue, "\(summary.onStatements.rows)",
                           context.money(summary.onStatements.billed), "\(summary.awaitingReview.rows)", when])
            }
            print(periods.isEmpty ? "no periods yet: ingest a file or run `openchargeback periods open YYYY-MM`" : table.render(), terminator: periods.isEmpty ? "\n" : "")
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
