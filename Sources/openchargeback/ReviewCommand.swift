import Foundation
import ArgumentParser
import ChargebackCore

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List flagged charges and approve or reject them; test a pattern on the ledger's charges.",
        subcommands: [List.self, Approve.self, Reject.self, ReviewTestCommand.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Charges awaiting review.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.short, .customLong("period")], help: "Only this period.") var period: BillingPeriod?
        @Option(help: "Only this flag reason (a prefix with a trailing *, e.g. 'pattern_match:*').") var reason: String?
        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try global.context()
            let charges = try context.run { try ReviewQueue(store: context.store).pending(.init(period: period, reason: reason)) }
            let total = charges.reduce(into: MoneySum()) { $0.add($1.billed) }
            output.print(table: table(charges, total: total, context: context),
                         records: ChargeFields.schema.records("charges", charges, header: [
                             ("currency", .text(context.currency)), ("count", .int(charges.count)), ("billed", .sum(total)),
                         ]))
        }

        private func table(_ charges: [ChargeRecord], total: MoneySum, context: CommandContext) -> String {
            guard !charges.isEmpty else { return "nothing awaits review" + (period.map { " in \($0)" } ?? "") + "\n" }
            var table = TextTable(["id", "period", "source", "reason", "pi", "project", "service", "resource", "billed"], rightAligned: [0, 8])
            for c in charges {
                table.add(["\(c.id)", c.period, c.sourceName, TextCell.clip(c.flagReason ?? "", 40), TextCell.clip(c.piEmail, 48),
                           TextCell.clip(c.projectId ?? "", 32), TextCell.clip(c.serviceName ?? "", 32),
                           TextCell.clip(c.resourceName ?? c.resourceId ?? "", 40), context.money(c.billed)])
            }
            return table.render()
                + "\n\(charges.count) charge\(charges.count == 1 ? "" : "s") awaiting review, \(context.currency) \(context.money(total))\n"
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve charges awaiting review: by id, or every pending charge of a period.",
            discussion: "Examples: review approve --id 12 --id 15 --note 'tag fixed upstream'; review approve -p 2026-10")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Option(name: .customLong("id"), parsing: .upToNextOption, help: "Charge ids.") var ids: [Int64] = []
        @Option(name: [.short, .customLong("period")], help: "Approve every pending charge of this period.") var period: BillingPeriod?
        @Option(help: "Why.") var note: String?

        func validate() throws {
            if ids.isEmpty == (period == nil) { throw ValidationError("give either --id N… or -p PERIOD") }
        }

        func run() throws {
            let context = try global.context()
            let outcome = try context.run {
                try ReviewQueue(store: context.store).approve(ids: ids, period: ids.isEmpty ? period : nil, note: note, actor: actorOption.actor)
            }
            ReviewOutcomeText.print(outcome, verb: "approved", context: context)
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject charges awaiting review; they are never billed. Say why with --note.",
            discussion: """
                Without --note the decision is recorded with no note, and the audit log says so.
                Example: review reject --id 17 --note 'test account, not research'
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Option(name: .customLong("id"), parsing: .upToNextOption, help: "Charge ids.") var ids: [Int64]
        @Option(help: "Why (recorded with the decision).") var note: String?

        func run() throws {
            let context = try global.context()
            let outcome = try context.run { try ReviewQueue(store: context.store).reject(ids: ids, note: note, actor: actorOption.actor) }
            ReviewOutcomeText.print(outcome, verb: "rejected", context: context)
            if note == nil, outcome.changed > 0 { print("recorded with no note (add --note to say why)") }
        }
    }
}

enum ReviewOutcomeText {
    static func print(_ outcome: ReviewQueue.Outcome, verb: String, context: CommandContext) {
        Swift.print("\(verb) \(outcome.changed) charge\(outcome.changed == 1 ? "" : "s") (\(context.currency) \(context.money(outcome.amount)))")
        if !outcome.skipped.isEmpty {
            Swift.print("not awaiting review, left unchanged: " + outcome.skipped.map(String.init).joined(separator: ", "))
        }
    }
}
