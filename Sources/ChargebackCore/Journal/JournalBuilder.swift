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
        self.init(journal: config.journal, knownSources: config.imports.knownSources, allowUnparsed: allowUnparsed)
    }

    /// From the two settings the journal reads (a renderer's `RenderSettings` holds both).
    public init(journal: JournalConfig, knownSources: [KnownSource], allowUnparsed: Bool = false) {
        accounts = JournalAccounts(journal: journal, knownSources: knownSources)
        self.journal = journal
        self.allowUnparsed = allowUnparsed
    }

    /// The key of a debit line; `piEmail` and `projectId` are "" unless the description names them.
    fileprivate struct DebitKey: Hashable, Comparable {
        var fundOrg: String
        var source: String
        var account: String
        var piEmail: String
        var projectId: String

        static func < (a: DebitKey, b: DebitKey) -> Bool {
            (a.fundOrg, a.source, a.account, a.piEmail, a.projectId) < (b.fundOrg, b.source, b.account, b.piEmail, b.projectId)
        }
    }

    fileprivate struct Accumulated {
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
        var journal = accumulator(period: period, status: status)
        for statement in statements { journal.add(statement) }
        return journal.finish()
    }

    /// The same journal built a statement at a time: what it holds is one
    /// small total per debit line and one per statement part, never the
    /// charges (the site build adds each batch of PIs and lets it go).
    public func accumulator(period: BillingPeriod, status: PeriodStatus) -> JournalAccumulator {
        JournalAccumulator(builder: self, period: period, status: status)
    }

    fileprivate func add(_ statement: StatementReport, splitByPI: Bool, splitByProject: Bool, to debits: inout [DebitKey: Accumulated],
                         allocations: inout [JournalEntries.Allocation], problems unresolved: inout JournalProblemTally) {
        for project in statement.projects {
            let parts = parts(of: project, piEmail: statement.piEmail, splitByPI: splitByPI, splitByProject: splitByProject,
                              problems: &unresolved)
            let shares = CentAllocation.split(project.totals.billed.roundedToCents(), over: parts.map(\.exact))
            var byFundOrg: [String: (totals: ChargeTotals, cents: Int64)] = [:]
            for (part, share) in zip(parts, shares) {
                debits[part.key, default: Accumulated()].add(cents: share, charges: part.totals.rows,
                                                             piEmail: statement.piEmail, projectId: project.projectId)
                byFundOrg[part.key.fundOrg, default: (ChargeTotals(), 0)].totals.add(part.totals)
                byFundOrg[part.key.fundOrg, default: (ChargeTotals(), 0)].cents += share
            }
            for fundOrg in byFundOrg.keys.sorted() {
                guard let part = byFundOrg[fundOrg] else { continue }
                allocations.append(.init(piEmail: statement.piEmail, projectId: project.projectId, statementId: project.statementId,
                                         fundOrg: fundOrg, totals: part.totals, cents: part.cents))
            }
        }
    }

    fileprivate func finish(debits: [DebitKey: Accumulated], allocations: [JournalEntries.Allocation], debitText: JournalDescription,
                            problems: JournalProblemTally, period: BillingPeriod, status: PeriodStatus) -> JournalEntries {
        var unresolved = problems
        var lines: [JournalLine] = []
        var credits: [String: Accumulated] = [:]
        for key in debits.keys.sorted() {
            guard let debit = debits[key] else { continue }
            credits[key.source, default: Accumulated()].merge(debit)
            if !key.account.isEmpty, !accounts.isValidAccount(key.account) {
                unresolved.invalidAccount(key.account, fundOrg: key.fundOrg, usedBy: debit.piEmails)
            }
            // Checked even when the line nets to zero: the same fund/org would block another period.
            let fundOrgParts = fundOrgParts(key.fundOrg, usedBy: debit.piEmails, into: &unresolved)
            // A line that nets to zero posts nothing; its charges still count toward the credit.
            if debit.cents == 0 { continue }
            lines.append(JournalLine(
                side: .debit, fundOrg: key.fundOrg, fundOrgParts: fundOrgParts,
                account: key.account, source: key.source, sourceTitle: accounts.sourceTitle(key.source), cents: debit.cents,
                description: debitText.text(source: accounts.writtenName(key.source), period: period, fundOrg: key.fundOrg, piEmail: key.piEmail, projectId: key.projectId),
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
                side: .credit, fundOrg: fundOrg ?? "", fundOrgParts: fundOrgParts(fundOrg ?? "", usedBy: ["source \(source)"], into: &unresolved),
                account: account ?? "", source: source, sourceTitle: accounts.sourceTitle(source), cents: credit.cents,
                description: creditText.text(source: accounts.writtenName(source), period: period, fundOrg: fundOrg ?? "", piEmail: "", projectId: ""),
                piEmails: credit.piEmails.sorted(), projectIds: credit.projectIds.sorted(), charges: credit.charges))
        }
        let problems = unresolved.list(regexes: journal).filter { !(allowUnparsed && $0.isUnparsed) }
        return JournalEntries(period: period, status: status, lines: lines, allocations: allocations, problems: problems)
    }

    /// One fund/org × source × account (× PI, project) share of a statement.
    private struct Part {
        var key: DebitKey
        var exact = MoneySum()
        var totals = ChargeTotals()
    }

    /// A statement's parts in the order of their first line (the allocation's tie-break).
    private func parts(of project: StatementReport.Project, piEmail: String, splitByPI: Bool, splitByProject: Bool,
                       problems: inout JournalProblemTally) -> [Part] {
        var parts: [Part] = []
        var index: [DebitKey: Int] = [:]
        for line in project.lines {
            let account = accounts.debitAccount(tag: line.accountCode, source: line.source)
            if line.fundOrg.isEmpty { problems.noFundOrg(piEmail) }
            if account == nil { problems.noAccount(line.source, piEmail) }
            let key = DebitKey(fundOrg: line.fundOrg, source: line.source, account: account ?? "",
                               piEmail: splitByPI ? piEmail : "", projectId: splitByProject ? project.projectId : "")
            let i = index[key] ?? parts.count
            if i == parts.count {
                index[key] = i
                parts.append(Part(key: key))
            }
            parts[i].exact.add(line.billed)
            parts[i].totals.add(ChargeTotals(line))
        }
        return parts
    }

    /// The named parts of a fund/org; an unmatched one is recorded as a
    /// problem and written whole (what `--allow-unparsed` asks for).
    private func fundOrgParts(_ fundOrg: String, usedBy: some Sequence<String>, into problems: inout JournalProblemTally) -> [String: String] {
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

/// A period's journal being built, a statement at a time (`JournalBuilder.accumulator`).
public struct JournalAccumulator {
    let builder: JournalBuilder
    let period: BillingPeriod
    let status: PeriodStatus
    let debitText: JournalDescription
    let splitByPI: Bool
    let splitByProject: Bool
    private var debits: [JournalBuilder.DebitKey: JournalBuilder.Accumulated] = [:]
    private var allocations: [JournalEntries.Allocation] = []
    private var problems = JournalProblemTally()

    init(builder: JournalBuilder, period: BillingPeriod, status: PeriodStatus) {
        self.builder = builder
        self.period = period
        self.status = status
        debitText = JournalDescription(template: builder.journal.debitDescription, width: builder.journal.descriptionWidth)
        splitByPI = debitText.uses("pi_email")
        splitByProject = debitText.uses("project_id")
    }

    /// Statements must come in PI order (as `StatementReports` reads them): the summary lists them as added.
    public mutating func add(_ statement: StatementReport) {
        builder.add(statement, splitByPI: splitByPI, splitByProject: splitByProject, to: &debits, allocations: &allocations,
                    problems: &problems)
    }

    public func finish() -> JournalEntries {
        builder.finish(debits: debits, allocations: allocations, debitText: debitText, problems: problems, period: period, status: status)
    }
}
