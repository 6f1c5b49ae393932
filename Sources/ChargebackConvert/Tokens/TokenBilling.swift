import ChargebackCore

/// Usage rows → charges per project and user (one per row of the export:
/// day, user, usage type), by `TokenRules`, with subsidies applied in the
/// order of the file (the legacy rule) against what each subsidy's window
/// used in earlier periods (`SubsidyState`).
///
/// Per row: cost = credits × unit cost, rounded to the cent (ListCost and
/// ContractedCost); the subsidy covers part of that cost; BilledCost = cost −
/// covered. A subsidy with a fund/org bills the covered part to it in a
/// second row (charge_type subsidy), so the two rows add up to the cost.
public struct TokenBilling {
    public var rules: TokenRules
    public var period: BillingPeriod

    public init(rules: TokenRules, period: BillingPeriod) {
        self.rules = rules
        self.period = period
    }

    public struct Result {
        public var lines: [ChargeLine] = []
        public var notes = ConversionNotes()
        /// The state to keep once the charges are written.
        public var state: SubsidyState
    }

    public func charges(_ rows: [TokenUsage], state: SubsidyState, file: String, errors: inout InputErrorList) -> Result {
        var result = Result(state: state)
        struct Allowance: Hashable {
            var subsidy: String
            var window: String
            var scope: String
        }
        var usedNow: [Allowance: Exact] = [:]
        var outside = Tally()
        var unknownUsers: [String: Int] = [:]
        var subsidized = MoneySum()
        for row in rows {
            guard period.contains(row.date) else {
                outside.add(row.date.period.description)
                continue
            }
            guard let pool = rules.pool(on: row.date) else {
                errors.add(InputError(file: file, line: row.line, column: "date_partition",
                                      message: "no credit pool is in effect on \(row.date) (the earliest starts \(rules.pools.first?.effective?.description ?? "?"))"))
                continue
            }
            do {
                let cost = try (row.credits * pool.unitCost).roundedToCents()
                let project = rules.project(ofUser: row.email)
                if project == nil { unknownUsers[row.email.lowercased(), default: 0] += 1 }
                let owner = project?.owner ?? ChargeOwner()
                var covered = Money.zero
                var rule: SubsidyRule?
                if let projectId = owner.projectId, let r = rules.subsidy(project: projectId) {
                    let key = Allowance(subsidy: r.name, window: r.window.name(of: row.date),
                                        scope: r.scopeKey(project: projectId, user: row.email.lowercased(), pi: owner.piEmail))
                    let before = try result.state.usedBefore(period, subsidy: key.subsidy, window: key.window, scope: key.scope)
                        + (usedNow[key] ?? .zero)
                    covered = try r.covered(cost: Exact(cost), before: before).roundedToCents()
                    usedNow[key] = try (usedNow[key] ?? .zero) + Exact(cost)
                    rule = r
                }
                let billed = try cost.subtracting(covered)
                let date = row.date.description
                var description = "\(row.credits.readableText(digits: 6)) credits at \(pool.unitCost.readableText(digits: 9, minimumDigits: 2)) per credit"
                var tags = [ExtraTag("usage_user", row.email), ExtraTag("charge_type", "usage"), ExtraTag("credits", row.credits.decimalText(digits: 9))]
                if let rule, covered != .zero {
                    description += ", \(covered) covered by \(rule.name)"
                    tags.append(ExtraTag("subsidy_name", rule.name))
                    subsidized.add(covered)
                }
                result.lines.append(ChargeLine(
                    chargeStart: row.date, chargeEnd: row.date.adding(days: 1), serviceName: rules.serviceName,
                    resourceId: "openai:\(row.usageType):\(row.email):\(date):usage",
                    resourceName: "OpenAI \(row.usageType) (user: \(row.email))", description: description, sku: row.usageType,
                    list: cost, contracted: cost, billed: billed, owner: owner, tags: tags))
                if let rule, covered != .zero, let fundOrg = rule.fundOrg {
                    var payer = owner
                    payer.fundOrg = fundOrg
                    if let pi = rule.piEmail { payer.piEmail = pi }
                    result.lines.append(ChargeLine(
                        chargeStart: row.date, chargeEnd: row.date.adding(days: 1), serviceName: rules.serviceName,
                        resourceId: "openai:\(row.usageType):\(row.email):\(date):subsidy",
                        resourceName: "OpenAI \(row.usageType) (user: \(row.email))",
                        description: "\(rule.name) covers \(covered) of \(cost)", sku: row.usageType,
                        list: covered, contracted: covered, billed: covered, owner: payer,
                        tags: [ExtraTag("usage_user", row.email), ExtraTag("charge_type", "subsidy"), ExtraTag("subsidy_name", rule.name)]))
                }
            } catch {
                errors.add(InputError(file: file, line: row.line, column: "usage_credits", message: "\(error)"))
            }
        }
        let entries = usedNow.map { SubsidyState.Entry(subsidy: $0.key.subsidy, window: $0.key.window, scope: $0.key.scope, period: period, used: $0.value) }
        result.state = state.replacing(period, with: entries)

        var notes = ConversionNotes()
        let inPeriod = rows.count - outside.total
        notes.notes.append("\(rows.count) usage row\(rows.count == 1 ? "" : "s") read, \(inPeriod) in \(period)")
        if outside.total > 0 { notes.notes.append("\(outside.total) row\(outside.total == 1 ? "" : "s") of other months, not used (\(outside.text)): convert them with -p") }
        if subsidized.nanos != 0 { notes.notes.append("subsidies cover \(MoneyFormat.plain(subsidized))") }
        let later = state.laterPeriods(than: period)
        if !later.isEmpty && !usedNow.isEmpty {
            notes.warnings.append("the subsidy state already counts later periods (\(later.map(\.description).joined(separator: ", "))): convert them again so their subsidies take \(period) into account")
        }
        for (user, n) in unknownUsers.sorted(by: { $0.key < $1.key }) {
            notes.warnings.append("user \(FocusText.quote(user)) is in no project: \(n) charge\(n == 1 ? "" : "s") without a PI (ingest flags them for review), no subsidy")
        }
        result.notes = notes
        return result
    }
}
