import Foundation
import Yams

/// Shared state while one configuration file is decoded: where it is, the
/// environment for `${VAR}`, and the warnings collected so far.
final class ConfigContext {
    /// The file as the user named it (used in messages).
    let file: String
    /// How relative paths resolve (and which tool wrote the file).
    let paths: PathRule
    let environment: [String: String]
    private(set) var warnings: [String] = []
    /// Line of every value read so far, by key path, for checks that span sections.
    private var lines: [String: Int] = [:]

    init(file: String, paths: PathRule, environment: [String: String]) {
        self.file = file
        self.paths = paths
        self.environment = environment
    }

    /// Absolute directory relative paths resolve against.
    var baseDirectory: String { paths.baseDirectory }

    var isLegacy: Bool { paths.dialect == .legacy }

    /// `ours` in this tool's files, `legacy` in the legacy tool's (its defaults).
    func byDialect<T>(_ ours: T, legacy: T) -> T { isLegacy ? legacy : ours }

    func warn(line: Int, _ message: String) {
        warnings.append(line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)")
    }

    func record(path: String, line: Int) { lines[path] = line }

    func line(of path: String) -> Int { lines[path] ?? 0 }

    func error(_ kind: ConfigError.Kind, path: String, _ message: String) -> ConfigError {
        error(kind, line: line(of: path), path: path, message)
    }

    func error(_ kind: ConfigError.Kind, line: Int, path: String, _ message: String) -> ConfigError {
        ConfigError(kind: kind, file: file, line: line, keyPath: path, message: message)
    }
}

/// A configuration section decoded by hand from its mapping. To add a section:
/// write a struct conforming to this, and read it in `AppConfig.init(from:)` with
/// `root.section("name", as: T.self)`. Keys a section does not read are warned
/// about automatically.
protocol ConfigSection: Sendable {
    init(from mapping: ConfigMapping) throws(ConfigError)
}

/// A YAML mapping being decoded. Every key read through `value(_:)` counts as known;
/// `finish()` warns about the rest.
final class ConfigMapping {
    let context: ConfigContext
    /// Key path of this mapping ("" for the root).
    let path: String
    let line: Int
    private var entries: [(key: String, line: Int, value: Node)] = []
    private var known: Set<String> = []

    init(context: ConfigContext, path: String, line: Int, pairs: [(Node, Node)]) throws(ConfigError) {
        self.context = context
        self.path = path
        self.line = line
        for (k, v) in pairs {
            let keyLine = k.mark?.line ?? line
            guard case .scalar(let s) = k else {
                throw context.error(.wrongType, line: keyLine, path: path, "keys must be plain names, not lists or mappings")
            }
            entries.append((s.string, keyLine, v))
        }
    }

    private init(context: ConfigContext, path: String) {
        self.context = context
        self.path = path
        self.line = 0
    }

    /// An empty mapping: every key takes its default.
    static func empty(context: ConfigContext, path: String) -> ConfigMapping {
        ConfigMapping(context: context, path: path)
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key`, or nil when the key is absent or null. Marks the key as known.
    func value(_ key: String) -> ConfigValue? {
        known.insert(key)
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        let v = ConfigValue(node: e.value, path: childPath(key), context: context, keyLine: e.line)
        context.record(path: v.path, line: v.line)
        return v.isNull ? nil : v
    }

    /// Every key and its value in file order, for mappings whose keys are data
    /// (such as PI e-mails) rather than setting names. Marks them all as known.
    func allEntries() -> [(key: String, value: ConfigValue)] {
        entries.map { e in
            known.insert(e.key)
            let v = ConfigValue(node: e.value, path: childPath(e.key), context: context, keyLine: e.line)
            context.record(path: v.path, line: v.line)
            return (e.key, v)
        }
    }

    /// Decodes the section under `key` (defaults when absent or null) and warns about its unknown keys.
    func section<T: ConfigSection>(_ key: String, as type: T.Type = T.self) throws(ConfigError) -> T {
        if let v = value(key) { return try v.decode(T.self) }
        return try T(from: ConfigMapping.empty(context: context, path: childPath(key)))
    }

    /// Warns once for every key that no decoder asked for.
    func finish() {
        for e in entries where !known.contains(e.key) {
            context.warn(line: e.line, "unknown key '\(childPath(e.key))' (ignored)")
        }
    }
}

/// One value of the configuration with its key path, for typed reads with clear errors.
struct ConfigValue {
    let node: Node
    let path: String
    let context: ConfigContext
    /// Line of the key that holds this value (the value's own line when it has one).
    let keyLine: Int

    var line: Int { node.mark?.line ?? keyLine }

    var isNull: Bool {
        guard case .scalar(let s) = node else { return false }
        guard s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    private var shape: String {
        switch node {
        case .scalar(let s): isNull ? "null" : "\"\(s.string)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    func error(_ kind: ConfigError.Kind, _ message: String) -> ConfigError {
        context.error(kind, line: line, path: path, message)
    }

    func wrongType(_ expected: String) -> ConfigError {
        error(.wrongType, "expected \(expected), got \(shape)")
    }

    // MARK: Scalars

    /// The scalar's text after `${VAR}` expansion. Any scalar (number, boolean) reads as its text.
    func string() throws(ConfigError) -> String {
        guard case .scalar(let s) = node, !isNull else { throw wrongType("a string") }
        do {
            return try VariableExpansion.expand(s.string, environment: context.environment)
        } catch {
            throw self.error(.missingVariable, error.message)
        }
    }

    /// The environment variable a `${…}` in this value names that is not set, if any.
    func unsetVariable() -> String? {
        guard case .scalar(let s) = node else { return nil }
        do {
            _ = try VariableExpansion.expand(s.string, environment: context.environment)
            return nil
        } catch {
            if case .notSet(let name) = error { return name }
            return nil
        }
    }

    func nonEmptyString() throws(ConfigError) -> String {
        let s = try string()
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(.invalidValue, "must not be empty")
        }
        return s
    }

    /// A string without CR or LF: it goes into an e-mail header, where a line break would add headers.
    func headerLine() throws(ConfigError) -> String {
        let s = try string()
        guard !s.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            let shown = s.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            throw error(.invalidValue, "expected one line (it goes into an e-mail header), got a line break in \"\(shown)\"")
        }
        return s
    }

    func int() throws(ConfigError) -> Int {
        guard case .scalar = node, !isNull else { throw wrongType("an integer") }
        let text = try string().trimmingCharacters(in: .whitespaces)
        guard let n = Int(text) else { throw error(.wrongType, "expected an integer, got \"\(text)\"") }
        return n
    }

    func positiveInt() throws(ConfigError) -> Int {
        guard case .scalar = node, !isNull else { throw wrongType("a positive integer") }
        let text = try string().trimmingCharacters(in: .whitespaces)
        guard let n = Int(text) else { throw error(.wrongType, "expected a positive integer, got \"\(text)\"") }
        guard n > 0 else { throw error(.invalidValue, "expected a positive integer, got \(n)") }
        return n
    }

    func bool() throws(ConfigError) -> Bool {
        guard case .scalar = node, !isNull else { throw wrongType("true or false") }
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error(.wrongType, "expected true or false, got \"\(other)\"")
        }
    }

    /// One of the raw values of `E`, e.g. a log level.
    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(ConfigError) -> E where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue).joined(separator: "|")
        guard case .scalar = node, !isNull else { throw wrongType("one of \(allowed)") }
        let text = try string()
        guard let v = E(rawValue: text) else {
            throw error(.invalidValue, "expected one of \(allowed), got \"\(text)\"")
        }
        return v
    }

    func regex(options: ConfigRegex.Options = []) throws(ConfigError) -> ConfigRegex {
        guard case .scalar = node, !isNull else { throw wrongType("a regular expression (string)") }
        let text = try string()
        do {
            return try ConfigRegex(text, options: options)
        } catch {
            throw self.error(.invalidRegex, error.description)
        }
    }

    func period() throws(ConfigError) -> BillingPeriod {
        guard case .scalar = node, !isNull else { throw wrongType("a period YYYY-MM") }
        let text = try string()
        guard let p = BillingPeriod(text) else {
            throw error(.invalidValue, "expected a period YYYY-MM (e.g. 2025-01), got \"\(text)\"")
        }
        return p
    }

    /// A file or directory path, resolved by the file's path rule (`PathRule`).
    func resolvedPath() throws(ConfigError) -> String {
        let text = try nonEmptyString()
        return ConfigPaths.resolve(text, against: context.baseDirectory, home: context.environment["HOME"])
    }

    // MARK: Collections

    func list() throws(ConfigError) -> [ConfigValue] {
        guard case .sequence(let seq) = node else { throw wrongType("a list") }
        var out: [ConfigValue] = []
        for (i, item) in seq.enumerated() {
            let v = ConfigValue(node: item, path: "\(path)[\(i)]", context: context, keyLine: item.mark?.line ?? line)
            context.record(path: v.path, line: v.line)
            out.append(v)
        }
        return out
    }

    func regexList(options: ConfigRegex.Options = []) throws(ConfigError) -> [ConfigRegex] {
        var out: [ConfigRegex] = []
        for item in try list() { out.append(try item.regex(options: options)) }
        return out
    }

    /// A regular expression, or nil for "" (the legacy tool's way of saying "no check").
    func optionalRegex(options: ConfigRegex.Options = []) throws(ConfigError) -> ConfigRegex? {
        try string().isEmpty ? nil : try regex(options: options)
    }

    /// A string, or nil for "" (the legacy tool wrote "" for "not set").
    func optionalString() throws(ConfigError) -> String? {
        let s = try string()
        return s.trimmingCharacters(in: .whitespaces).isEmpty ? nil : s
    }

    func mapping() throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let m) = node else { throw wrongType("a mapping") }
        return try ConfigMapping(context: context, path: path, line: line, pairs: Array(m.map { ($0.key, $0.value) }))
    }

    /// Decodes a section from this mapping and warns about keys it did not read.
    func decode<T: ConfigSection>(_ type: T.Type = T.self) throws(ConfigError) -> T {
        let m = try mapping()
        let v = try T(from: m)
        m.finish()
        return v
    }
}
