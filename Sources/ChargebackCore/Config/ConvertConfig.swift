/// Where a converter's rules are: one of the legacy converters' JSON files
/// (read as it is, never changed), or the same document written inline in
/// config.yaml (the JSON keys as YAML keys).
public enum ConverterRules: Sendable, Equatable {
    /// An absolute path, resolved against the configuration file's folder.
    case file(String)
    case inline(SettingsNode)

    /// A path (string) or an inline document (mapping or list).
    fileprivate init(_ v: ConfigValue) throws(ConfigError) {
        switch v.node {
        case .scalar: self = .file(try v.resolvedPath())
        case .mapping, .sequence: self = .inline(try v.settingsNode())
        case .alias: throw v.wrongType("a path to a JSON file or the rules written inline")
        }
    }
}

/// `convert:` — the built-in converters (`openchargeback convert KIND`): what
/// they read, their rules, and the source their FOCUS files are ingested as.
/// Every kind can also be pointed at its legacy JSON files on the command line.
public struct ConvertConfig: Sendable, Equatable, ConfigSection {
    /// Where converted FOCUS files go when `-o` is not given.
    public var outputDir: String
    public var slurm: SlurmConvertConfig
    public var storage: StorageConvertConfig
    public var vm: VMConvertConfig
    public var tokens: TokensConvertConfig

    init(from m: ConfigMapping) throws(ConfigError) {
        outputDir = try m.value("output_dir")?.resolvedPath()
            ?? ConfigPaths.resolve("./output/converted", against: m.context.baseDirectory)
        slurm = try m.section("slurm")
        storage = try m.section("storage")
        vm = try m.section("vm")
        tokens = try m.section("tokens")
    }
}

/// `convert.slurm:` — HPC jobs from Slurm accounting (`sacct`).
public struct SlurmConvertConfig: Sendable, Equatable, ConfigSection {
    public enum Grouping: String, Sendable, Equatable, CaseIterable {
        case accountPartition = "account_partition"
        case job
    }

    public var source: String
    /// The legacy `tiers.json`: partitions (SU multiplier, subsidy), rate, billable states, excluded accounts.
    public var tiers: ConverterRules?
    /// The legacy `accounts.json`: Slurm account → PI, project, fund/org.
    public var accounts: ConverterRules?
    /// The sacct program (a name on PATH or a path).
    public var sacct: String
    /// Passed to sacct as `--clusters` when not empty.
    public var clusters: [String]
    public var groupBy: Grouping
    /// IANA time zone sacct's times and the month boundaries are in; nil: the system's.
    public var timeZone: String?

    init(from m: ConfigMapping) throws(ConfigError) {
        source = try sourceName(m, default: "hpc")
        tiers = try m.value("tiers").map(ConverterRules.init)
        accounts = try m.value("accounts").map(ConverterRules.init)
        sacct = try m.value("sacct")?.nonEmptyString() ?? "sacct"
        clusters = []
        if let v = m.value("clusters") { for item in try v.list() { clusters.append(try item.nonEmptyString()) } }
        groupBy = try m.value("group_by")?.oneOf(Grouping.self) ?? .accountPartition
        timeZone = try m.value("time_zone")?.nonEmptyString()
    }
}

/// `convert.storage:` — quota and usage reports from Isilon and Qumulo.
public struct StorageConvertConfig: Sendable, Equatable, ConfigSection {
    /// How bytes become GB and TB: binary (GB = 2^30, TB = 2^40 bytes, what
    /// both legacy scripts used) or decimal (10^9, 10^12).
    public enum Unit: String, Sendable, Equatable, CaseIterable {
        case binary
        case decimal
    }

    public var source: String
    public var unit: Unit
    public var isilon: IsilonConvertConfig
    public var qumulo: QumuloConvertConfig

    init(from m: ConfigMapping) throws(ConfigError) {
        source = try sourceName(m, default: "storage")
        unit = try m.value("unit")?.oneOf(Unit.self) ?? .binary
        isilon = try m.section("isilon")
        qumulo = try m.section("qumulo")
    }
}

/// `convert.storage.isilon:` — the legacy `rates.json` and `projects.json`.
public struct IsilonConvertConfig: Sendable, Equatable, ConfigSection {
    public var rates: ConverterRules?
    public var projects: ConverterRules?
    /// Which `usage` figure of a quota is billed (`logical`, `physical`, `fslogical`, `applogical`).
    public var usageField: String

    init(from m: ConfigMapping) throws(ConfigError) {
        rates = try m.value("rates").map(ConverterRules.init)
        projects = try m.value("projects").map(ConverterRules.init)
        usageField = try m.value("usage_field")?.nonEmptyString() ?? "logical"
    }
}

/// `convert.storage.qumulo:` — the legacy `rates.json` and the project folders holding `.openchargeback.json`.
public struct QumuloConvertConfig: Sendable, Equatable, ConfigSection {
    public var rates: ConverterRules?
    public var projectsRoot: String?
    /// Folder names under the root that are not projects.
    public var excludePatterns: [ConfigRegex]

    init(from m: ConfigMapping) throws(ConfigError) {
        rates = try m.value("rates").map(ConverterRules.init)
        projectsRoot = try m.value("projects_root")?.resolvedPath()
        excludePatterns = try m.value("exclude_patterns")?.regexList() ?? Self.defaultExcludes
    }

    // The legacy script's defaults: hidden folders, _private folders, lost+found.
    static let defaultExcludes: [ConfigRegex] = ["^\\.", "^_", "^lost\\+found$"].map { try! ConfigRegex($0) }
}

/// `convert.vm:` — a VM inventory priced by tier, prorated.
public struct VMConvertConfig: Sendable, Equatable, ConfigSection {
    public var source: String
    /// The legacy Azure Local `tiers.json`.
    public var tiers: ConverterRules?
    /// VM names that are never billed.
    public var excludePatterns: [ConfigRegex]
    /// Bill VMs that were not running (Hyper-V inventories only).
    public var includeOff: Bool

    init(from m: ConfigMapping) throws(ConfigError) {
        source = try sourceName(m, default: "vm")
        tiers = try m.value("tiers").map(ConverterRules.init)
        excludePatterns = try m.value("exclude_patterns")?.regexList() ?? Self.defaultExcludes
        includeOff = try m.value("include_off")?.bool() ?? false
    }

    // The legacy script's defaults.
    static let defaultExcludes: [ConfigRegex] = ["^infra-", "^template-"].map { try! ConfigRegex($0) }
}

/// `convert.tokens:` — OpenAI ChatGPT Edu usage priced from a credit pool.
public struct TokensConvertConfig: Sendable, Equatable, ConfigSection {
    public var source: String
    public var pricing: ConverterRules?
    public var projects: ConverterRules?
    public var subsidies: ConverterRules?
    /// Where subsidy use is remembered between runs (caps over a year or a week).
    public var subsidyState: String?

    init(from m: ConfigMapping) throws(ConfigError) {
        source = try sourceName(m, default: "openai")
        pricing = try m.value("pricing").map(ConverterRules.init)
        projects = try m.value("projects").map(ConverterRules.init)
        subsidies = try m.value("subsidies").map(ConverterRules.init)
        subsidyState = try m.value("subsidy_state")?.resolvedPath()
    }
}

private func sourceName(_ m: ConfigMapping, default name: String) throws(ConfigError) -> String {
    guard let v = m.value("source") else { return name }
    let s = try v.string()
    guard KnownSource.isValidName(s) else {
        throw v.error(.invalidValue, "expected a lowercase source name of a-z, 0-9, _ or - (e.g. \(name)), got \"\(s)\"")
    }
    return s
}
