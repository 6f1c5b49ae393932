import ArgumentParser
import ChargebackCore

/// `review test`: what a pattern would flag among the ledger's charges, by ingest's own rule.
struct ReviewTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Which charges in the ledger a flag pattern (or, with --fund-org, a fund/org pattern) would flag.",
        discussion: """
            Decided exactly as ingest decides (review.flag_patterns: a case-insensitive search in the service name, \
            resource id and resource name, the first pattern in the order given; review.fund_org_patterns: a \
            case-insensitive match from the first character, so write $ to require the whole value, and a fund/org \
            matching none of the patterns is flagged invalid_fund_org). Nothing is changed: try a pattern before \
            writing it into the config. Ingest checks other reasons first (period, tags, missing PI, project or \
            fund/org, currency), so a charge that has one of those keeps it.
            Examples: openchargeback review test 'gpu-burst' -p 2026-10
                      openchargeback review test '^\\d{6}-\\d{4}$' --fund-org
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pattern(s), as they would be written in the config (several: in config order).") var patterns: [String]
    @Option(name: [.short, .customLong("period")], help: "Only this period.") var period: BillingPeriod?
    @Flag(name: .customLong("fund-org"), help: "Test fund/org patterns (review.fund_org_patterns) instead of flag patterns.")
    var fundOrg = false
    @Option(help: "How many matching charges to show (the first by id).") var sample: Int = 20
    @OptionGroup var output: FormatOption

    func validate() throws {
        if patterns.isEmpty { throw ValidationError("give the pattern to test") }
        if sample < 0 { throw ValidationError("--sample must be 0 or more") }
        do {
            _ = try FlagPatternTest.review(patterns, rule: rule)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private var rule: FlagPatternTest.Rule { fundOrg ? .fundOrg : .flag }

    func run() throws {
        let context = try global.context()
        let result = try context.run { try FlagPatternTest(store: context.store).run(patterns, rule: rule, period: period, sampleSize: sample) }
        let reason: RecordSchema<FlagPatternTest.Match>.Field = ("would_flag_as", { .text($0.reason) })
        let schema = RecordSchema<FlagPatternTest.Match>(RecordSchema.fields(ChargeFields.fields, of: { $0.charge }) + [reason])
        let header: [(String, OutputValue)] = [
            ("currency", .text(context.currency)), ("rule", .text(result.rule.rawValue)),
            ("patterns", .list(result.patterns.map { .text($0) })), ("period", .text(result.period?.description)),
            ("examined", .int(result.examined)), ("matched", .int(result.matched)), ("billed", .sum(result.amount)),
            ("already_flagged", .int(result.alreadyFlagged)),
        ]
        output.print(table: table(result, context: context),
                     records: schema.records("charges", result.sample, header: header))
    }

    private func table(_ r: FlagPatternTest.Result, context: CommandContext) -> String {
        let scope = period.map { "in \($0)" } ?? "in every period"
        let what = r.rule == .flag ? "would be flagged pattern_match" : "have a fund/org these patterns refuse (invalid_fund_org)"
        var out = "\(r.matched) of \(r.examined) charges \(scope) \(what): \(context.currency) \(context.money(r.amount))"
        if r.alreadyFlagged > 0 { out += " (\(r.alreadyFlagged) of them already flagged or decided)" }
        out += "\n"
        guard !r.sample.isEmpty else { return out }
        var table = TextTable(["id", "period", "source", "pi", r.rule == .flag ? "service / resource" : "fund/org", "billed", "now", "would flag as"],
                              rightAligned: [0, 5])
        for m in r.sample {
            let c = m.charge
            let matched = r.rule == .flag
                ? [c.serviceName, c.resourceName ?? c.resourceId].compactMap { $0 }.joined(separator: " / ") : c.fundOrg ?? ""
            table.add(["\(c.id)", c.period, c.sourceName, TextCell.clip(c.piEmail, 40), TextCell.clip(matched, 48), context.money(c.billed),
                       c.reviewStatus.rawValue + (c.flagReason.map { " (\(TextCell.clip($0, 40)))" } ?? ""), TextCell.clip(m.reason, 48)])
        }
        out += "\n" + table.render()
        if r.matched > r.sample.count { out += "(first \(r.sample.count) of \(r.matched); --sample N shows more)\n" }
        return out
    }
}
