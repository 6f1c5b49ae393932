/// `journal:` — how GL journal files are written.
///
/// `fund_org_regex` and `account_code_regex` match at the start of the value,
/// as the legacy tool's `re.match` did (write `$` to require the whole value),
/// and are case-sensitive. An empty string means "not set", as in the legacy config.
public struct JournalConfig: Sendable, Equatable, ConfigSection {
    public static let regexOptions: ConfigRegex.Options = [.anchoredAtStart]

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
        self.fundOrgRegex = fundOrgRegex?.with(Self.regexOptions)
        self.accountCodeRegex = accountCodeRegex?.with(Self.regexOptions)
        self.template = template
        self.defaultAccount = defaultAccount
        self.debitDescription = debitDescription
        self.creditDescription = creditDescription
        self.descriptionWidth = descriptionWidth
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        fundOrgRegex = try m.value("fund_org_regex")?.optionalRegex(options: Self.regexOptions)
        accountCodeRegex = try m.value("account_code_regex")?.optionalRegex(options: Self.regexOptions)
        if let v = m.value("template") {
            let text = try v.string()
            if m.context.isLegacy, !text.contains("/") {
                // In a legacy config a bare file name is a Jinja file in the legacy tool's templates/ folder.
                m.context.warn(line: v.line, "journal.template: \"\(text)\" is a legacy Jinja template and is not used: "
                               + "the GL is written by the Mustache template themes/default/templates/journal.template; "
                               + "to change its columns, copy that file and name the copy here as a path, e.g. ./gl.mustache (docs/journals.md)")
            } else {
                template = try v.resolvedPath()
            }
        }
        if let v = m.value("default_account"), let account = try v.optionalString() {
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
