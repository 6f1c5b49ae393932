/// One configured billing source (aws, azure, hpc, storage …).
public struct KnownSource: Sendable, Equatable, ConfigSection {
    /// Lowercase identifier, `[a-z0-9_-]+`.
    public var name: String
    /// Human name for pages; nil when not configured (use `title`).
    public var displayName: String?
    /// Matched against an input file's base name to detect its source.
    public var pattern: ConfigRegex?
    /// Fund/org credited with this source's recovered revenue.
    public var fundOrg: String?
    /// Account code for this source's journal lines.
    public var accountCode: String?

    public init(name: String, displayName: String? = nil, pattern: ConfigRegex? = nil,
                fundOrg: String? = nil, accountCode: String? = nil) {
        self.name = name
        self.displayName = displayName
        self.pattern = pattern
        self.fundOrg = fundOrg
        self.accountCode = accountCode
    }

    /// `displayName`, or `name` when none is configured.
    public var title: String { displayName ?? name }

    /// True when `name` is a valid source name (`[a-z0-9_-]+`).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        guard let nameValue = m.value("name") else {
            throw m.context.error(.invalidValue, line: m.line, path: m.childPath("name"),
                                  "required: every known source needs a name (lowercase letters, digits, _ or -)")
        }
        let name = try nameValue.string()
        guard KnownSource.isValidName(name) else {
            throw nameValue.error(.invalidValue, "expected a lowercase name of a-z, 0-9, _ or - (e.g. aws), got \"\(name)\"")
        }
        self.init(name: name)
        displayName = try m.value("display_name")?.string()
        pattern = try m.value("pattern")?.regex()
        fundOrg = try m.value("fund_org")?.nonEmptyString()
        accountCode = try m.value("account_code")?.nonEmptyString()
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
            var seen: Set<String> = []
            for item in try list.list() {
                let source = try item.decode(KnownSource.self)
                guard seen.insert(source.name).inserted else {
                    throw item.error(.invalidValue, "duplicate source name \"\(source.name)\"")
                }
                knownSources.append(source)
            }
        }
    }

    /// The source called `name`, if configured.
    public func source(named name: String) -> KnownSource? {
        knownSources.first { $0.name == name }
    }

    /// The first source whose `pattern` matches the base name of `path`.
    public func source(forFile path: String) -> KnownSource? {
        let base = ConfigPaths.baseName(path)
        return knownSources.first { $0.pattern?.matches(base) ?? false }
    }
}
