/// Turns a period's statements into journal entries, by the rounding rule in
/// docs/admin-guide.md ("Rounding"):
///
/// 1. each statement (PI × project) is rounded to the cent once: the amount
///    due the PI sees;
/// 2. that amount is shared among the statement's parts (fund/org × source ×
///    account) by `CentAllocation`;
/// 3. a debit line adds up the shares of one fund/org, source and account
///    (and PI or project when the debit description names them); a source's
///    credit adds up its debit lines.
///
/// So every statement equals what the journal debits for it, and every
/// journal balances, by construction.
public struct JournalBuilder: Sendable {
    let accounts: JournalAccounts
    let journal: JournalConfig
    let allowUnparsed: Bool

    public init(config: AppConfig, allowUnparsed: Bool = false) {
        accounts = JournalAccounts(config: config)
        journal = config.journal
        self.allowUnparsed = allowUnparsed
    }

    /// The key of a debit line; `piEmail` and `projectId` are "" unless the description names them.
    private struct DebitKey: Hashable, Comparable {
        var fundOrg: String
        var source: String
        var account: String
        var piEmail: String
        var projectId: String

        static func < (a: DebitKey, b: DebitKey) -> Bool {
            (a.fundOrg, a.source, a.account, a.piEmail, a.projectId) < (b.fundOrg, b.source, b.account, b.piEmail, b.projectId)
        }
    }

    private struct Accumulated {
        var cents: Int64 = 0
        var charges = 0
        var piEmails = Set<String>()
        var projectIds = Set<String>()
        mutating func add(cents: Int64, charges: Int, piEmail: String, projectId: String) {
            self.cents += cents
            self.charges += charges
            piEmails.insert(piEmail)
            projectIds.insert(projectId)
        }
        mutating func merge(_ other: Accumulated) {
            cents += other.cents
            charges += other.charges
            piEmails.formUnion(other.piEmails)
            projectIds.formUnion(other.projectIds)
        }
    }

    public func build(_ statements: [StatementReport], period: BillingPeriod, status: PeriodStatus) -> JournalEntries {
        let debitText = JournalDescription(template: journal.debitDescription, width: journal.descriptionWidth)
        let splitByPI = debitText.uses("pi_email")
        let splitByProject = debitText.uses("project_id")
        var debits: [DebitKey: Accumulated] = [:]
        var allocations: [JournalEntries.Allocation] = []
        var unresolved = Problems()

        for statement in statements {
            for project in statement.projects {
                // The statement's parts, in line order (the allocation's tie-break).
                var keys: [DebitKey] = []
                var index: [DebitKey: Int] = [:]
                var sums: [MoneySum] = []
                var totals: [ChargeTotals] = []
                for line in project.lines {
                    let account = accounts.debitAccount(tag: line.accountCode, source: line.source)
                    if line.fundOrg.isEmpty { unresolved.noFundOrg(statement.piEmail) }
                    if account == nil { unresolved.noAccount(line.source, statement.piEmail) }
                    let key = DebitKey(fundOrg: line.fundOrg, source: line.source, account: account ?? "",
                                       piEmail: splitByPI ? statement.piEmail : "", projectId: splitByProject ? project.projectId : "")
                    let i: Int
                    if let known = index[key] {
                        i = known
                    } else {
                        i = keys.count
                        index[key] = i
                        keys.append(key)
                        sums.append(MoneySum())
                        totals.append(ChargeTotals())
                    }
                    sums[i].add(line.billed)
                    totals[i].add(ChargeTotals(line))
                }
                let shares = CentAllocation.split(project.totals.billed.roundedToCents(), over: sums)
                var byFundOrg: [String: (totals: ChargeTotals, cents: Int64)] = [:]
                for (i, key) in keys.enumerated() {
                    debits[key, default: Accumulated()].add(cents: shares[i], charges: totals[i].rows,
                                                            piEmail: statement.piEmail, projectId: project.projectId)
                    byFundOrg[key.fundOrg, default: (ChargeTotals(), 0)].totals.add(totals[i])
                    byFundOrg[key.fundOrg, default: (ChargeTotals(), 0)].cents += shares[i]
                }
                for fundOrg in byFundOrg.keys.sorted() {
                    guard let part = byFundOrg[fundOrg] else { continue }
                    allocations.append(.init(piEmail: statement.piEmail, projectId: project.projectId, statementId: project.statementId,
                                             fundOrg: fundOrg, totals: part.totals, cents: part.cents))
                }
            }
        }

        var lines: [JournalLine] = []
        var credits: [String: Accumulated] = [:]
        for key in debits.keys.sorted() {
            guard let debit = debits[key] else { continue }
            credits[key.source, default: Accumulated()].merge(debit)
            if !key.account.isEmpty, !accounts.isValidAccount(key.account) {
                unresolved.invalidAccount(key.account, fundOrg: key.fundOrg, usedBy: debit.piEmails)
            }
            // Checked even when the line nets to zero: the same fund/org would block another period.
            let fundOrgParts = parts(key.fundOrg, usedBy: debit.piEmails, into: &unresolved)
            // A line that nets to zero posts nothing; its charges still count toward the credit.
            if debit.cents == 0 { continue }
            lines.append(JournalLine(
                side: .debit, fundOrg: key.fundOrg, fundOrgParts: fundOrgParts,
                account: key.account, source: key.source, sourceTitle: accounts.sourceTitle(key.source), cents: debit.cents,
                description: debitText.text(source: key.source, period: period, fundOrg: key.fundOrg, piEmail: key.piEmail, projectId: key.projectId),
                piEmails: debit.piEmails.sorted(), projectIds: debit.projectIds.sorted(), charges: debit.charges))
        }
        let creditText = JournalDescription(template: journal.creditDescription, width: journal.descriptionWidth)
        for source in credits.keys.sorted() {
            guard let credit = credits[source] else { continue }
            let fundOrg = accounts.creditFundOrg(source: source)
            let account = accounts.creditAccount(source: source)
            if fundOrg == nil { unresolved.add(.sourceWithoutFundOrg(source: source)) }
            if account == nil { unresolved.add(.sourceWithoutAccount(source: source)) }
            if let account, !accounts.isValidAccount(account) {
                unresolved.invalidAccount(account, fundOrg: fundOrg ?? "", usedBy: ["source \(source)"])
            }
            guard credit.cents != 0 else { continue }
            lines.append(JournalLine(
                side: .credit, fundOrg: fundOrg ?? "", fundOrgParts: parts(fundOrg ?? "", usedBy: ["source \(source)"], into: &unresolved),
                account: account ?? "", source: source, sourceTitle: accounts.sourceTitle(source), cents: credit.cents,
                description: creditText.text(source: source, period: period, fundOrg: fundOrg ?? "", piEmail: "", projectId: ""),
                piEmails: credit.piEmails.sorted(), projectIds: credit.projectIds.sorted(), charges: credit.charges))
        }
        let problems = unresolved.list(regexes: journal).filter { !(allowUnparsed && $0.isUnparsed) }
        return JournalEntries(period: period, status: status, lines: lines, allocations: allocations, problems: problems)
    }

    /// The named parts of a fund/org; an unmatched one is recorded as a
    /// problem and written whole (what `--allow-unparsed` asks for).
    private func parts(_ fundOrg: String, usedBy: some Sequence<String>, into problems: inout Problems) -> [String: String] {
        guard !fundOrg.isEmpty else { return [:] }
        if let parts = accounts.parts(of: fundOrg) { return parts }
        problems.unparsed(fundOrg, usedBy: usedBy)
        return accounts.wholeParts(of: fundOrg)
    }
}

extension ChargeTotals {
    /// One charge's totals.
    init(_ line: StatementReport.Line) {
        self.init()
        rows = 1
        list.add(line.list)
        contracted.add(line.contracted)
        billed.add(line.billed)
    }
}

/// Problems found while building, gathered per fund/org, account and source
/// so that each is reported once with everyone it concerns.
private struct Problems {
    private var fixed: [JournalProblem] = []
    private var noFundOrgPIs = Set<String>()
    private var noFundOrgCharges = 0
    private var noAccount: [String: Set<String>] = [:]
    private var unparsedFundOrgs: [String: Set<String>] = [:]
    private var badAccounts: [String: (fundOrgs: Set<String>, usedBy: Set<String>)] = [:]

    mutating func add(_ problem: JournalProblem) { fixed.append(problem) }
    mutating func noFundOrg(_ pi: String) { noFundOrgPIs.insert(pi); noFundOrgCharges += 1 }
    mutating func noAccount(_ source: String, _ pi: String) { noAccount[source, default: []].insert(pi) }
    mutating func unparsed(_ fundOrg: String, usedBy: some Sequence<String>) { unparsedFundOrgs[fundOrg, default: []].formUnion(usedBy) }
    mutating func invalidAccount(_ account: String, fundOrg: String, usedBy: some Sequence<String>) {
        badAccounts[account, default: ([], [])].fundOrgs.insert(fundOrg)
        badAccounts[account, default: ([], [])].usedBy.formUnion(usedBy)
    }

    func list(regexes journal: JournalConfig) -> [JournalProblem] {
        var out = fixed
        if noFundOrgCharges > 0 { out.append(.chargesWithoutFundOrg(piEmails: noFundOrgPIs.sorted(), charges: noFundOrgCharges)) }
        for source in noAccount.keys.sorted() { out.append(.chargesWithoutAccount(source: source, piEmails: noAccount[source, default: []].sorted())) }
        for fundOrg in unparsedFundOrgs.keys.sorted() {
            out.append(.unparsedFundOrg(fundOrg: fundOrg, usedBy: unparsedFundOrgs[fundOrg, default: []].sorted(),
                                        regex: journal.fundOrgRegex?.source ?? ""))
        }
        for account in badAccounts.keys.sorted() {
            guard let bad = badAccounts[account] else { continue }
            out.append(.invalidAccount(account: account, fundOrgs: bad.fundOrgs.sorted(), usedBy: bad.usedBy.sorted(),
                                       regex: journal.accountCodeRegex?.source ?? ""))
        }
        return out
    }
}
