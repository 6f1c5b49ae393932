import ArgumentParser
import ChargebackCore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The audit trail, newest first: who imported, revised, approved, rejected, closed, exported, generated and sent what.",
        discussion: """
            Read from the ledger's own records (imports, review decisions, journal exports, statements, notices, \
            the audit log). Kinds: \(AuditKind.allCases.map(\.rawValue).joined(separator: ", ")). Times are UTC; \
            --since and --until take a day (YYYY-MM-DD, whole day) or an instant with Z or an offset \
            (2026-11-03T09:00:00Z, 2026-11-03T09:00:00-05:00). --charge shows one charge's history: the file and \
            line it came from, revisions, decisions and notes, its statement and the notices. See docs/scripting.md.
            Examples: openchargeback log -p 2026-10 --kind review
                      openchargeback log --charge 4711
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("period")], help: "Only this period (YYYY-MM).") var period: BillingPeriod?
    @Option(name: .customLong("pi"), help: "Only events about this PI's charges, statements and notices.") var pi: String?
    @Option(name: .customLong("charge"), help: "One charge's history.") var charge: Int64?
    @Option(help: "Only what this person did (as given with --by).") var actor: String?
    @Option(name: .customLong("kind"), help: "Only these kinds (repeat): \(AuditKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kinds: [AuditKind] = []
    @Option(help: "From this day or instant on (UTC day YYYY-MM-DD, or an instant with Z or an offset).") var since: String?
    @Option(help: "Up to and including this day or instant.") var until: String?
    @Option(name: [.customShort("n"), .customLong("limit")], help: "At most this many entries (the newest).") var limit: Int?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let filter: AuditFilter
        do {
            filter = AuditFilter(period: period, piEmail: pi, actor: actor, kinds: Set(kinds),
                                 since: try since.map(AuditTime.since), until: try until.map(AuditTime.until), limit: limit)
        } catch {
            throw ValidationError("\(error)")
        }
        let context = try global.context()
        let trail = AuditTrail(store: context.store)
        if let charge {
            let history = try context.run { try trail.chargeHistory(charge, filter: filter) }
            output.print(table: ChargeHistoryText(history: history, context: context).render() + AuditEventText.table(history.events, context: context),
                         records: AuditEvent.schema.records("events", history.events,
                                                                header: [("currency", .text(context.currency)), ("charge", ChargeHistoryText.object(history))]))
        } else {
            let events = try context.run { try trail.events(filter) }
            output.print(table: AuditEventText.table(events, context: context),
                         records: AuditEvent.schema.records("events", events, header: [("currency", .text(context.currency))]))
        }
    }
}

extension AuditKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
}

/// The audit trail for people and for scripts.
enum AuditEventText {
    static func table(_ events: [AuditEvent], context: CommandContext) -> String {
        guard !events.isEmpty else { return "no entries\n" }
        var table = TextTable(["when (UTC)", "who", "kind", "period", "amount (\(context.currency))", "what"], rightAligned: [4])
        for e in events {
            table.add([e.at, TextCell.clip(e.actor, 32), e.kind.rawValue, e.period ?? "", e.amount.map { context.money($0.money) } ?? "",
                       TextCell.clip(e.message, 240)])
        }
        return table.render()
    }
}

/// The lines above a charge's history.
struct ChargeHistoryText {
    var history: ChargeHistory
    var context: CommandContext

    func render() -> String {
        let c = history.charge
        var out = "charge \(c.id), \(c.period), source \(c.sourceName): \(TextCell.clip(c.piEmail)), project \(TextCell.clip(c.projectId ?? "(none)"))"
            + ", fund/org \(TextCell.clip(c.fundOrg ?? "(none)"))\n"
        out += "billed \(context.currency) \(context.money(c.billed)) (exact \(MoneyFormat.plain(c.billed))); now "
            + c.reviewStatus.rawValue + (c.flagReason.map { " (flagged \(TextCell.clip($0)))" } ?? "") + "\n"
        if let statement = history.statementID { out += "on statement \(statement)\n" }
        if let file = history.legacyFile {
            out += "carried over from the legacy ledger \(TextCell.clip(file, 200))"
                + (history.legacyChargeID.map { " (legacy charge id \($0))" } ?? "") + "\n"
        }
        return out + "\n"
    }

    static func object(_ history: ChargeHistory) -> OutputValue {
        let c = history.charge
        return .object([
            ("id", .integer(c.id)), ("period", .text(c.period)), ("source", .text(c.sourceName)), ("line", .int(c.line)),
            ("pi_email", .text(c.piEmail)), ("project_id", .text(c.projectId)), ("fund_org", .text(c.fundOrg)),
            ("billed", .money(c.billed)), ("review_status", .text(c.reviewStatus.rawValue)), ("flag_reason", .text(c.flagReason)),
            ("statement_id", .text(history.statementID)), ("legacy_file", .text(history.legacyFile)),
            ("legacy_charge_id", .integer(history.legacyChargeID)),
        ])
    }
}
