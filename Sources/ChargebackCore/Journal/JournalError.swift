/// Something that stops a balanced GL journal from being written. The export
/// lists every problem at once, so one run tells the admin all there is to fix.
public enum JournalProblem: Sendable, Equatable, CustomStringConvertible {
    /// A source with charges in the period but no `fund_org` to credit.
    case sourceWithoutFundOrg(source: String)
    /// A source with no `account_code` and no `journal.default_account` for its credit.
    case sourceWithoutAccount(source: String)
    /// Charges with no fund/org to debit.
    case chargesWithoutFundOrg(piEmails: [String], charges: Int)
    /// A fund/org that `journal.fund_org_regex` does not match; `usedBy` names
    /// its PIs, or the source whose credit it receives.
    case unparsedFundOrg(fundOrg: String, usedBy: [String], regex: String)
    /// An account failing `journal.account_code_regex`, with the fund/orgs and PIs (or source) using it.
    case invalidAccount(account: String, fundOrgs: [String], usedBy: [String], regex: String)
    /// Charges with no account: no `account_code` tag, none on the source, no `journal.default_account`.
    case chargesWithoutAccount(source: String, piEmails: [String])

    /// Problems that `--allow-unparsed` lets through (the whole string is written instead).
    var isUnparsed: Bool {
        switch self {
        case .unparsedFundOrg, .invalidAccount: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .sourceWithoutFundOrg(let source):
            "source \"\(source)\" has no fund/org to credit: set fund_org for it under imports.known_sources"
        case .sourceWithoutAccount(let source):
            "source \"\(source)\" has no account for its credit: set account_code for it under imports.known_sources, or journal.default_account"
        case .chargesWithoutFundOrg(let pis, let charges):
            "\(charges) charge\(charges == 1 ? "" : "s") with no fund/org to debit, of PI\(pis.count == 1 ? "" : "s") \(Self.list(pis))"
        case .unparsedFundOrg(let fundOrg, let usedBy, let regex):
            "fund/org \"\(fundOrg)\" does not match journal.fund_org_regex \"\(regex)\" (used by \(Self.list(usedBy)))"
        case .invalidAccount(let account, let fundOrgs, let usedBy, let regex):
            "account \"\(account)\" does not match journal.account_code_regex \"\(regex)\" (fund/orgs \(Self.list(fundOrgs)); used by \(Self.list(usedBy)))"
        case .chargesWithoutAccount(let source, let pis):
            "charges of source \"\(source)\" have no account: no account_code tag, none on the source, no journal.default_account (PIs: \(Self.list(pis)))"
        }
    }

    /// Names, the first `shown` of them and how many more: a problem shared by
    /// thousands of PIs must still fit a terminal and a cron mail.
    static func list(_ names: [String], shown: Int = 10) -> String {
        guard names.count > shown else { return names.joined(separator: ", ") }
        return names.prefix(shown).joined(separator: ", ") + " and \(names.count - shown) more"
    }
}

public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var period: BillingPeriod
    public var problems: [JournalProblem]

    public var description: String {
        var text = "cannot write a balanced GL journal for \(period); nothing was written:"
        for problem in problems { text += "\n  - \(problem)" }
        if problems.contains(where: \.isUnparsed) {
            text += "\n  (--allow-unparsed writes an unmatched fund/org or account whole instead)"
        }
        return text
    }
}
