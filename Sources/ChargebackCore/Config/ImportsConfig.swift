/// One configured billing source (aws, azure, hpc, storage …).
public struct KnownSource: Sendable, Equatable, ConfigSection {
    /// Lowercase identifier, `[a-z0-9_-]+`: the slug of the name as written (`SourceName`).
    public var name: String
    /// Human name for pages; nil when not configured (use `title`). A name
    /// written with capitals or spaces (`Azure Local`) is the display name
    /// unless `display_name` is given.
    public var displayName: String?
    /// The name exactly as written in the configuration (`{source}` in journal descriptions).
    public var writtenName: String
    /// Matched against an input file's base name to detect its source.
    public var pattern: ConfigRegex?
    /// Fund/org credited with this source's recovered revenue; nil when not set (or "").
    public var fundOrg: String?
    /// Account code for this source's journal lines; nil when not set (or "").
    public var accountCode: String?

    public init(name: String, displayName: String? = nil, pattern: ConfigRegex? = nil,
                fundOrg: String? = nil, accountCode: String? = nil, writtenName: String? = nil) {
        self.name = name
        self.displayName = displayName
        self.writtenName = writtenName ?? name
        self.pattern = pattern
        self.fundOrg = fundOrg
        self.accountCode = accountCode
    }

    /// `displayName`, or `name` when none is configured.
    public var title: String { displayName ?? name }

    /// True when `name` is a valid source name (`[a-z0-9_-]+`).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy(SourceName.isAllowed)
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        guard let nameValue = m.value("name") else {
            throw m.context.error(.invalidValue, line: m.line, path: m.childPath("name"),
                                  "required: every known source needs a name (e.g. aws, or AWS)")
        }
        let written = try nameValue.string()
        let name = SourceName.slug(written)
        guard KnownSource.isValidName(name) else {
            throw nameValue.error(.invalidValue, "expected a name with letters or digits (e.g. aws, or Azure Local), got \"\(written)\"")
        }
        self.init(name: name, writtenName: written)
        displayName = try m.value("display_name")?.string() ?? (written == name ? nil : written)
        pattern = try m.value("pattern")?.regex()
        fundOrg = try m.value("fund_org")?.optionalString()
        accountCode = try m.value("account_code")?.optionalString()
    }
}

/// `imports:` — what ingest accepts.
public struct ImportsConfig: Sendable, Equatable, ConfigSection {
    /// Rows billed before this period are refused as input errors; nil: no limit.
    public var earliestPeriod: BillingPeriod?
    public var knownSources: [KnownSource]

    public init(earliestPeriod: BillingPeriod? = nil, knownSources: [KnownSource] = []) {
        self.earliestPeriod = earliestPeriod
        self.knownSources = knownSources
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        earliestPeriod = try m.value("earliest_period")?.period()
        if let list = m.value("known_sources") {
            var seen: [String: (written: String, line: Int)] = [:]
            for item in try list.list() {
                let source = try item.decode(KnownSource.self)
                let line = m.context.line(of: item.path + ".name")
                if let first = seen[source.name] {
                    let same = first.written == source.writtenName
                    throw m.context.error(.invalidValue, line: line, path: item.path + ".name", same
                        ? "duplicate source name \"\(source.name)\" (first at line \(first.line))"
                        : "\"\(source.writtenName)\" and \"\(first.written)\" (line \(first.line)) are both the source \(source.name) "
                            + "(names become lowercase, other characters -): rename one")
                }
                seen[source.name] = (source.writtenName, line)
                knownSources.append(source)
            }
        }
    }

    /// The source called `name` (written any way its slug matches: `Azure Local` or `azure-local`), if configured.
    public func source(named name: String) -> KnownSource? {
        let slug = SourceName.slug(name)
        return knownSources.first { $0.name == slug }
    }

    /// The sources whose `pattern` matches the base name of `path`, in config order.
    public func sources(forFile path: String) -> [KnownSource] {
        let base = ConfigPaths.baseName(path)
        return knownSources.filter { $0.pattern?.matches(base) ?? false }
    }

    /// The first source whose `pattern` matches the base name of `path`.
    public func source(forFile path: String) -> KnownSource? {
        sources(forFile: path).first
    }
}
