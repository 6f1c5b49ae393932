import ChargebackCore

/// Typed reads of a settings tree. Every error names the file, the line and
/// the path of the value (`tiers.json:12: partitions.gpu.suMultiplier: expected a number, got "x"`).
extension SettingsNode {
    public func error(_ message: String) -> InputError {
        InputError(file: origin.file, line: origin.line, column: origin.path, message: message)
    }

    var isNull: Bool { value == .null }

    /// How the value reads in a message.
    var shape: String {
        switch value {
        case .object: "an object"
        case .array: "a list"
        case .string(let s): FocusText.quote(s)
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    func wrongType(_ expected: String) -> InputError { error("expected \(expected), got \(shape)") }

    func object() throws(InputError) -> SettingsObject {
        guard case .object(let members) = value else { throw wrongType("an object") }
        return SettingsObject(node: self, members: members)
    }

    func array() throws(InputError) -> [SettingsNode] {
        guard case .array(let items) = value else { throw wrongType("a list") }
        return items
    }

    func string() throws(InputError) -> String {
        guard case .string(let s) = value else { throw wrongType("a string") }
        return s
    }

    /// A string with something in it, trimmed; nil when empty or blank.
    func text() throws(InputError) -> String? {
        let s = try string().trimmedWhitespace
        return s.isEmpty ? nil : s
    }

    /// A number. `allowString`: also a string holding one (APIs that write
    /// byte counts as strings, such as Qumulo's `capacity_usage`).
    func exact(allowString: Bool = false) throws(InputError) -> Exact {
        let text: String
        switch value {
        case .number(let n): text = n
        case .string(let s) where allowString: text = s.trimmedWhitespace
        default: throw wrongType("a number")
        }
        do {
            return try Exact(decimal: text)
        } catch {
            throw self.error("expected a number, got \(FocusText.quote(text))")
        }
    }

    /// A number that must not be negative.
    func nonNegative(_ what: String = "a number", allowString: Bool = false) throws(InputError) -> Exact {
        let v = try exact(allowString: allowString)
        guard !v.isNegative else { throw error("expected \(what) of 0 or more, got \(shape)") }
        return v
    }

    /// A non-negative number per `divisor` (a price per TB made a price per byte).
    func nonNegative(_ what: String, over divisor: Int128) throws(InputError) -> Exact {
        let v = try nonNegative(what)
        do { return try v / Exact(divisor) } catch { throw self.error("\(shape) is too large to compute with exactly") }
    }

    /// A non-negative number times `factor` (a size in GB made bytes).
    func nonNegative(_ what: String, times factor: Int128) throws(InputError) -> Exact {
        let v = try nonNegative(what)
        do { return try v * Exact(factor) } catch { throw self.error("\(shape) is too large to compute with exactly") }
    }

    /// A percentage 0–100.
    func percent() throws(InputError) -> Exact {
        let v = try exact()
        guard !v.isNegative, !(Exact.hundred < v) else { throw error("expected a percentage from 0 to 100, got \(shape)") }
        return v
    }

    func bool() throws(InputError) -> Bool {
        guard case .bool(let b) = value else { throw wrongType("true or false") }
        return b
    }

    func stringList() throws(InputError) -> [String] {
        var out: [String] = []
        for item in try array() { out.append(try item.string()) }
        return out
    }
}

/// An object being read: keys read (or declared as known) are remembered, so
/// the ones nobody asked for can be reported as warnings, as config.yaml's are.
public final class SettingsObject {
    let node: SettingsNode
    let members: [SettingsNode.Member]
    private var known: Set<String> = []

    init(node: SettingsNode, members: [SettingsNode.Member]) {
        self.node = node
        self.members = members
    }

    /// The value under `key`; nil when absent or null.
    func value(_ key: String) -> SettingsNode? {
        known.insert(key)
        guard let m = members.first(where: { $0.key == key }), !m.node.isNull else { return nil }
        return m.node
    }

    /// The value under `key`, which must be there.
    func require(_ key: String, _ expected: String) throws(InputError) -> SettingsNode {
        guard let v = value(key) else {
            let path = node.origin.path.isEmpty ? key : "\(node.origin.path).\(key)"
            throw InputError(file: node.origin.file, line: node.origin.line, column: path,
                             message: "missing: expected \(expected)")
        }
        return v
    }

    /// Keys the legacy files hold for people (descriptions, notes) or for
    /// features that do not apply here: known, not read.
    func ignore(_ keys: String...) { known.formUnion(keys) }

    /// Every member, all marked as known (for objects whose keys are data, like account names).
    var entries: [SettingsNode.Member] {
        known.formUnion(members.map(\.key))
        return members
    }

    /// One warning per key nobody read.
    func unknownKeys(into warnings: inout [String]) {
        for m in members where !known.contains(m.key) {
            warnings.append(m.node.error("unknown key \(FocusText.quote(m.key)) (ignored)").description)
        }
    }
}

/// A rules document as the config names it: its file read (read-only), or
/// its inline YAML.
extension ConverterRules {
    public func load() throws(InputError) -> SettingsNode {
        switch self {
        case .file(let path): try JSONDocument.read(file: path)
        case .inline(let node): node
        }
    }
}
