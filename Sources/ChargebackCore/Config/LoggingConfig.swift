import Logging

/// `logging:` — how much the tool says, in which format, where.
public struct LoggingConfig: Sendable, Equatable, ConfigSection {
    public enum Format: String, Sendable, CaseIterable {
        /// `at=… level=info logger=openchargeback msg=ingest rows=41`
        case logfmt
        case json
        /// The legacy tool's Splunk lines: `2026-01-08T12:15:00Z INFO  ingest rows=41`.
        case splunk
    }

    /// trace|debug|info|notice|warning|error|critical (swift-log levels).
    public var level: Logger.Level
    public var format: Format
    /// Absolute path of the log file; nil: standard error.
    public var file: String?
    /// false: no log lines at all (the legacy `logging.enabled`).
    public var enabled: Bool

    public init(level: Logger.Level = .info, format: Format = .logfmt, file: String? = nil, enabled: Bool = true) {
        self.level = level
        self.format = format
        self.file = file
        self.enabled = enabled
    }

    /// Level names in any case, and the legacy tool's (Python's) `WARN` and `FATAL`.
    static let levelAliases: [String: Logger.Level] = ["warn": .warning, "fatal": .critical]

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("level") {
            let text = try v.string().trimmingCharacters(in: .whitespaces).lowercased()
            guard let parsed = Logger.Level(rawValue: text) ?? Self.levelAliases[text] else {
                let allowed = Logger.Level.allCases.map(\.rawValue).joined(separator: "|")
                throw v.error(.invalidValue, "expected one of \(allowed) (any case; WARN and FATAL also work), got \"\(try v.string())\"")
            }
            level = parsed
        }
        if let v = m.value("format") {
            let text = try v.string().lowercased()
            guard let parsed = Format(rawValue: text) else {
                throw v.error(.invalidValue, "expected one of \(Format.allCases.map(\.rawValue).joined(separator: "|")), got \"\(try v.string())\"")
            }
            format = parsed
        }
        file = try m.value("file")?.resolvedPath()
        if let v = m.value("enabled") { enabled = try v.bool() }
    }
}
