/// What one `ingest` run is asked to do.
public struct IngestRequest: Sendable {
    public var files: [String]
    /// `-s`: the source of every file; nil detects each file's source from
    /// `imports.known_sources[].pattern`.
    public var source: String?
    /// `-p`: the period the files are expected to bill; rows of another period
    /// are kept but flagged `period_mismatch`.
    public var period: BillingPeriod?
    public var dryRun = false
    public var skipInvalid = false
    public var actor: String
    /// Where `--skip-invalid` writes rejected rows.
    public var rejectsDirectory: String

    public init(files: [String], source: String?, period: BillingPeriod?, dryRun: Bool = false,
                skipInvalid: Bool = false, actor: String, rejectsDirectory: String) {
        self.files = files
        self.source = source
        self.period = period
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.actor = actor
        self.rejectsDirectory = rejectsDirectory
    }
}

/// The rules ingest applies, taken from the config.
public struct IngestRules: Sendable {
    public var tagKeys: TagMapping
    public var flags: FlagRules
    /// Known sources (detected by file name) and the earliest period accepted.
    public var imports: ImportsConfig

    public init(tagKeys: TagMapping, flags: FlagRules, imports: ImportsConfig) {
        self.tagKeys = tagKeys
        self.flags = flags
        self.imports = imports
    }

    public init(config: AppConfig) {
        self.init(tagKeys: config.tagMapping, flags: FlagRules(currency: config.currency, review: config.review),
                  imports: config.imports)
    }
}

/// Callbacks while ingest runs: each input error as it is found (so every
/// one is printed without holding them all), and progress through each file
/// (one phase per file, counted in bytes read).
public struct IngestEvents: Sendable {
    public var inputError: @Sendable (InputError) -> Void
    public var progress: any ProgressReporter

    public init(inputError: @escaping @Sendable (InputError) -> Void = { _ in },
                progress: any ProgressReporter = SilentProgress()) {
        self.inputError = inputError
        self.progress = progress
    }
}
