/// `journal:` — how GL journal files are written.
public struct JournalConfig: Sendable, Equatable, ConfigSection {
    /// Splits a fund/org into named parts (`fund`, `orgn`, …) for the template; nil: not split.
    public var fundOrgRegex: ConfigRegex?
    /// An account code must match this; nil: any.
    public var accountCodeRegex: ConfigRegex?
    /// Absolute path of a Mustache GL template; nil: the built-in default.
    public var template: String?
    public var defaultAccount: String?
    /// Line description templates: `{source} {period} {fund_org} {pi_email} {project_id}` (see `JournalDescription`).
    public var debitDescription: String
    public var creditDescription: String
    /// Descriptions are cut to this many characters.
    public var descriptionWidth: Int

    public init(fundOrgRegex: ConfigRegex? = nil, accountCodeRegex: ConfigRegex? = nil, template: String? = nil,
                defaultAccount: String? = nil,
                debitDescription: String = "{source} charges {period}",
                creditDescription: String = "{source} recovery {period}",
                descriptionWidth: Int = 35) {
        self.fundOrgRegex = fundOrgRegex
        self.accountCodeRegex = accountCodeRegex
        self.template = template
        self.defaultAccount = defaultAccount
        self.debitDescription = debitDescription
        self.creditDescription = creditDescription
        self.descriptionWidth = descriptionWidth
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        fundOrgRegex = try m.value("fund_org_regex")?.regex()
        accountCodeRegex = try m.value("account_code_regex")?.regex()
        template = try m.value("template")?.resolvedPath()
        if let v = m.value("default_account") {
            let account = try v.nonEmptyString()
            if let re = accountCodeRegex, !re.matches(account) {
                throw v.error(.invalidValue, "\"\(account)\" does not match journal.account_code_regex \"\(re.source)\"")
            }
            defaultAccount = account
        }
        if let v = m.value("debit_description") { debitDescription = try v.string() }
        if let v = m.value("credit_description") { creditDescription = try v.string() }
        if let v = m.value("description_width") { descriptionWidth = try v.positiveInt() }
    }
}
