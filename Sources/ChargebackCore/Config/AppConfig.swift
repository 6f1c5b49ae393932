/// The whole configuration. Every key is optional; see `config.example.yaml`.
/// Paths are absolute, resolved by the file's path rule (`PathRule`): against
/// the configuration file's folder, or the working directory for a legacy file.
public struct AppConfig: Sendable, Equatable {
    /// ISO 4217 code, three uppercase letters (from `currency` or `currency_code`, `CurrencyCode`).
    public var currency: String
    public var organization: OrganizationConfig
    public var database: DatabaseConfig
    public var tagMapping: TagMapping
    public var review: ReviewConfig
    public var imports: ImportsConfig
    public var journal: JournalConfig
    public var output: OutputConfig
    public var site: SiteConfig
    public var pdf: PDFConfig
    public var statements: StatementsConfig
    public var logging: LoggingConfig
    public var email: EmailConfig
    public var smtp: SMTPConfig
    public var convert: ConvertConfig
    /// Absolute folder relative paths were resolved against.
    public var baseDirectory: String
    /// Which tool the file was written for (`ConfigDialect`).
    public var dialect: ConfigDialect

    /// All defaults, with default paths resolved against `baseDirectory` (relative: against the current directory).
    public static func defaults(baseDirectory: String) throws(ConfigError) -> AppConfig {
        let folder = ConfigPaths.absolute(baseDirectory)
        let rule = PathRule(dialect: .current, base: .config, explicit: true, configFolder: folder, workingDirectory: folder, marker: nil)
        let context = ConfigContext(file: "(defaults)", paths: rule, environment: [:])
        return try AppConfig(from: .empty(context: context, path: ""))
    }

    init(from root: ConfigMapping) throws(ConfigError) {
        let context = root.context
        baseDirectory = context.baseDirectory
        dialect = context.paths.dialect
        currency = try Self.currency(root)
        _ = root.value("paths_relative_to")  // read by `PathRule`; here only marked as known
        LegacyKeys.noteDialect(context)
        // One line per section: add new sections here.
        organization = try root.section("organization")
        database = try root.section("database")
        tagMapping = try root.section("tag_mapping")
        review = try root.section("review")
        imports = try root.section("imports")
        journal = try root.section("journal")
        output = try root.section("output")
        site = try root.section("site")
        pdf = try root.section("pdf")
        statements = try root.section("statements")
        logging = try root.section("logging")
        email = try root.section("email")
        smtp = try root.section("smtp")
        convert = try root.section("convert")
        try LegacyKeys.apply(root, to: &self)
        try checkSources(context)
    }

    /// `currency` (a code or a symbol) and `currency_code`, as one ISO 4217 code.
    private static func currency(_ root: ConfigMapping) throws(ConfigError) -> String {
        let given = root.value("currency")
        let codeValue = root.value("currency_code")
        var code: String?
        if let codeValue {
            let text = try codeValue.string()
            guard CurrencyCode.isCode(text) else {
                throw codeValue.error(.invalidValue, "expected an ISO 4217 currency code of three uppercase letters (e.g. USD), got \"\(text)\"")
            }
            code = text
        }
        guard let given else { return code ?? "USD" }
        let text = try given.string()
        if CurrencyCode.isCode(text) {
            if let code, let codeValue, code != text {
                throw codeValue.error(.invalidValue, "\"\(code)\" contradicts currency: \(text); give the code once (currency_code is for a currency written as a symbol)")
            }
            return text
        }
        if let code { return code }
        if let mapped = CurrencyCode.code(forSymbol: text.trimmingCharacters(in: .whitespaces)) { return mapped }
        throw given.error(.invalidValue, "expected an ISO 4217 currency code of three uppercase letters (e.g. USD) or a currency symbol (\(CurrencyCode.symbolList)), got \"\(text)\": add currency_code: with the ISO 4217 code next to it (e.g. currency_code: SEK)")
    }

    /// A source's fund/org and account are journal credits: hold them to the same
    /// rules as the charges they balance.
    private func checkSources(_ context: ConfigContext) throws(ConfigError) {
        for (i, source) in imports.knownSources.enumerated() {
            let base = "imports.known_sources[\(i)]"
            if let fundOrg = source.fundOrg {
                if !review.isValidFundOrg(fundOrg) {
                    let list = review.fundOrgPatterns.map { "\"\($0.source)\"" }.joined(separator: ", ")
                    throw context.error(.invalidValue, path: "\(base).fund_org",
                                        "\"\(fundOrg)\" matches none of review.fund_org_patterns (\(list))")
                }
                if let re = journal.fundOrgRegex, !re.matches(fundOrg) {
                    throw context.error(.invalidValue, path: "\(base).fund_org",
                                        "\"\(fundOrg)\" does not match journal.fund_org_regex \"\(re.source)\"")
                }
            }
            if let account = source.accountCode, let re = journal.accountCodeRegex, !re.matches(account) {
                throw context.error(.invalidValue, path: "\(base).account_code",
                                    "\"\(account)\" does not match journal.account_code_regex \"\(re.source)\"")
            }
        }
    }
}
