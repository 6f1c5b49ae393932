/// `organization:` — who issues the statements.
public struct OrganizationConfig: Sendable, Equatable, ConfigSection {
    /// Shown on statements.
    public var name: String
    /// Statement footer contact; "" when not configured.
    public var contactEmail: String

    public init(name: String = "Research Computing", contactEmail: String = "") {
        self.name = name
        self.contactEmail = contactEmail
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
    }
}

/// `database:` — where the SQLite ledger lives.
public struct DatabaseConfig: Sendable, Equatable, ConfigSection {
    /// Absolute path of the SQLite file.
    public var path: String

    public init(path: String) { self.path = path }

    init(from m: ConfigMapping) throws(ConfigError) {
        path = try m.value("path")?.resolvedPath()
            ?? ConfigPaths.resolve("./openchargeback.sqlite", against: m.context.baseDirectory)
    }
}
