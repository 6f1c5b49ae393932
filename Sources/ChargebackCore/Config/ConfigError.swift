/// A problem with the configuration file: which file, which line, which key,
/// and what was expected. Printed as `FILE:LINE: KEY.PATH: message`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Equatable, Sendable {
        /// The configuration file does not exist.
        case fileNotFound
        /// The file exists but could not be read or is not UTF-8.
        case unreadable
        /// The YAML itself is malformed.
        case syntax
        /// A value has the wrong shape (a list where a string is expected, `abc` for a number).
        case wrongType
        /// A value has the right shape but is not allowed (bad currency, bad period, bad name).
        case invalidValue
        /// `${VAR}` names an environment variable that is not set (or the reference is malformed).
        case missingVariable
        /// A regular expression does not compile.
        case invalidRegex
    }

    public var kind: Kind
    /// The configuration file as the user named it.
    public var file: String
    /// 1-based line in `file`; 0 when the problem is not tied to a line.
    public var line: Int
    /// Dotted key path such as `review.flag_patterns[1]`; "" for file-level problems.
    public var keyPath: String
    public var message: String

    public init(kind: Kind, file: String, line: Int = 0, keyPath: String = "", message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": "
        if !keyPath.isEmpty { s += "\(keyPath): " }
        return s + message
    }
}
