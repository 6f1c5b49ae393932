/// The whole configuration. Every key is optional; see `config.example.yaml`.
/// Paths are absolute, resolved against the configuration file's folder.
public struct AppConfig: Sendable, Equatable {
    /// ISO 4217 code, three uppercase letters.
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
    public var logging: LoggingConfig
    public var email: EmailConfig
    public var smtp: SMTPConfig
    public var convert: ConvertConfig
    /// Absolute folder of the configuration file; relative paths were resolved against it.
    public var baseDirectory: String

    /// All defaults, with default paths resolved against `baseDirectory` (relative: against the current directory).
    public static func defaults(baseDirectory: String) throws(ConfigError) -> AppConfig {
        let context = ConfigContext(file: "(defaults)", baseDirectory: ConfigPaths.absolute(baseDirectory), environment: [:])
        return try AppConfig(from: .empty(context: context, path: ""))
    }

    init(from root: ConfigMapping) throws(ConfigError) {
        baseDirectory = root.context.baseDirectory
        currency = "USD"
        if let v = root.value("currency") {
            let code = try v.string()
            guard code.count == 3, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                throw v.error(.invalidValue, "expected an ISO 4217 currency code of three uppercase letters (e.g. USD), got \"\(code)\"")
            }
            currency = code
        }
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
        logging = try root.section("logging")
        email = try root.section("email")
        smtp = try root.section("smtp")
        convert = try root.section("convert")
        try checkSources(root.context)
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
