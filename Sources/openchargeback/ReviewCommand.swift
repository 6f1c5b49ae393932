import Foundation
import ArgumentParser
import ChargebackCore

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List flagged charges and approve or reject them.",
        subcommands: [List.self, Approve.self, Reject.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Charges awaiting review.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.short, .customLong("period")], help: "Only this period.") var period: BillingPeriod?
        @Option(help: "Only this flag reason (a prefix with a trailing *, e.g. 'pattern_match:*').") var reason: String?

        func run() throws {
            let context = try global.context()
            let charges = try context.run { try ReviewQueue(store: context.store).pending(.init(period: period, reason: reason)) }
            guard !charges.isEmpty else {
                print("nothing awaits review" + (period.map { " in \($0)" } ?? ""))
                return
            }
            var table = TextTable(["id", "period", "source", "reason", "pi", "project", "service", "resource", "billed"], rightAligned: [0, 8])
            var total = MoneySum()
            for c in charges {
                table.add(["\(c.id)", c.period, c.sourceName, c.flagReason ?? "", c.piEmail, c.projectId ?? "", c.serviceName ?? "",
                           TextCell.clip(c.resourceName ?? c.resourceId ?? "", 40), context.money(c.billed)])
                total.add(c.billed)
            }
            print(table.render(), terminator: "")
            print("\n\(charges.count) charge\(charges.count == 1 ? "" : "s") awaiting review, \(context.currency) \(context.money(total))")
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

enum TextCell {
    /// Shortens long values for a terminal table (the ledger keeps them
    /// whole) and replaces control characters, so a hostile tag value cannot
    /// send escape sequences to the admin's terminal.
    static func clip(_ text: String, _ width: Int = 60) -> String {
        let safe = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        return safe.count <= width ? safe : String(safe.prefix(width - 1)) + "…"
    }
}
