/// `organization:` — who issues the statements.
public struct OrganizationConfig: Sendable, Equatable, ConfigSection {
    /// Shown on statements.
    public var name: String
    /// Statement footer contact; "" when not configured.
    public var contactEmail: String
    /// The logo (a `.png` or `.svg` file, absolute path): the PDF statements'
    /// letterhead and the site header. nil: none.
    public var logo: String?

    public init(name: String = "Research Computing", contactEmail: String = "", logo: String? = nil) {
        self.name = name
        self.contactEmail = contactEmail
        self.logo = logo
    }

    /// The logo's file type, `png` or `svg` (lowercased), when one is set.
    public var logoFormat: String? {
        logo.map { String($0.split(separator: ".").last ?? "").lowercased() }
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("name") { name = try v.string() }
        if let v = m.value("contact_email") {
            contactEmail = try v.string()
            if !contactEmail.isEmpty, !contactEmail.contains("@") {
                throw v.error(.invalidValue, "expected an email address, got \"\(contactEmail)\"")
            }
        }
        if let v = m.value("logo") {
            logo = try v.resolvedPath()
            guard let format = logoFormat, ["png", "svg"].contains(format), !(logo ?? "").hasSuffix("/") else {
                throw v.error(.invalidValue, "expected a .png or .svg file, got \"\(logo ?? "")\"")
            }
        }
    }
}

/// `database:` — where the SQLite ledger lives.
public struct DatabaseConfig: Sendable, Equatable, ConfigSection {
    /// Absolute path of the SQLite file, by the file's path rule.
    public var path: String
    /// The same relative `path` resolved by the other rule, when the file did
    /// not say which applies and the two differ: `LedgerLocation` then opens
    /// the one that exists and creates neither when both are missing.
    public var otherCandidate: String?
    /// `FILE:LINE: database.path "…"`, for messages about the candidates.
    public var setting: String

    public init(path: String, otherCandidate: String? = nil, setting: String = "database.path") {
        self.path = path
        self.otherCandidate = otherCandidate
        self.setting = setting
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        guard let v = m.value("path") else {
            let fallback = m.context.byDialect("./openchargeback.sqlite", legacy: "./instance/billing.db")
            self.init(path: ConfigPaths.resolve(fallback, against: m.context.baseDirectory))
            return
        }
        let text = try v.nonEmptyString()
        var other: String?
        if let otherBase = m.context.paths.otherDirectory, !text.hasPrefix("/"), !text.hasPrefix("~") {
            other = ConfigPaths.resolve(text, against: otherBase)
        }
        self.init(path: try v.resolvedPath(), otherCandidate: other,
                  setting: "\(m.context.file):\(v.line): database.path \"\(text)\"")
    }
}
