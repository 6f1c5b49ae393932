import Logging

/// `logging:` — how much the tool says, in which format, where.
public struct LoggingConfig: Sendable, Equatable, ConfigSection {
    public enum Format: String, Sendable, CaseIterable {
        case logfmt
        case json
    }

    /// trace|debug|info|notice|warning|error|critical (swift-log levels).
    public var level: Logger.Level
    public var format: Format
    /// Absolute path of the log file; nil: standard error.
    public var file: String?

    public init(level: Logger.Level = .info, format: Format = .logfmt, file: String? = nil) {
        self.level = level
        self.format = format
        self.file = file
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("level") { level = try v.oneOf(Logger.Level.self) }
        if let v = m.value("format") { format = try v.oneOf(Format.self) }
        file = try m.value("file")?.resolvedPath()
    }
}
