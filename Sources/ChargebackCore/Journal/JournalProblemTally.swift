/// Problems found while building, gathered per fund/org, account and source
/// so that each is reported once with everyone it concerns.
struct JournalProblemTally {
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
