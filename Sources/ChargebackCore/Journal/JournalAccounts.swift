import Foundation

/// Which GL account and fund/org each side of the journal uses, from the
/// configuration: `journal:` and each source under `imports.known_sources`.
public struct JournalAccounts: Sendable {
    let journal: JournalConfig
    let sources: [String: KnownSource]

    public init(config: AppConfig) {
        self.init(journal: config.journal, knownSources: config.imports.knownSources)
    }

    public init(journal: JournalConfig, knownSources: [KnownSource]) {
        self.journal = journal
        var sources: [String: KnownSource] = [:]
        for source in knownSources { sources[source.name] = source }
        self.sources = sources
    }

    /// A charge's debit account, first found wins: its `account_code` tag, its
    /// source's `account_code`, `journal.default_account`. Nil when none is set.
    public func debitAccount(tag: String, source: String) -> String? {
        if !tag.isEmpty {
            let tagged = tag.trimmingCharacters(in: .whitespacesAndNewlines)
            if !tagged.isEmpty { return tagged }
        }
        return sources[source]?.accountCode ?? journal.defaultAccount
    }

    /// The account a source's recovery is credited to: its `account_code`, else `journal.default_account`.
    public func creditAccount(source: String) -> String? {
        sources[source]?.accountCode ?? journal.defaultAccount
    }

    /// The fund/org credited with a source's recovery; nil when not configured.
    public func creditFundOrg(source: String) -> String? {
        sources[source]?.fundOrg.flatMap { $0.isEmpty ? nil : $0 }
    }

    public func sourceTitle(_ source: String) -> String { sources[source]?.title ?? source }

    /// `{source}` in descriptions: the name as written in the config (`AWS`, as the
    /// legacy tool wrote it), else the ledger's name.
    func writtenName(_ source: String) -> String { sources[source]?.writtenName ?? source }

    /// The named parts of `fundOrg` by `journal.fund_org_regex`; nil when the
    /// regex does not match. With no regex, the whole string is the `fund`.
    func parts(of fundOrg: String) -> [String: String]? {
        guard let regex = journal.fundOrgRegex else { return ["fund": fundOrg] }
        return regex.namedCaptures(in: fundOrg)
    }

    /// What an unmatched fund/org becomes under `--allow-unparsed`: the whole
    /// string in the regex's first named part (`fund` when it has none).
    func wholeParts(of fundOrg: String) -> [String: String] {
        [journal.fundOrgRegex?.groupNames.first ?? "fund": fundOrg]
    }

    func isValidAccount(_ account: String) -> Bool {
        journal.accountCodeRegex?.matches(account) ?? true
    }
}
