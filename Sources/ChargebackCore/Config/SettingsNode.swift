import Yams

/// A JSON-shaped value and where it was written: a converter's rules, read
/// from one of the legacy converters' JSON files or written inline under
/// `convert:` in config.yaml. Numbers keep their decimal text (a rate of
/// 0.01 stays "0.01": money never goes through floating point).
public struct SettingsNode: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var node: SettingsNode
        public init(key: String, node: SettingsNode) {
            self.key = key
            self.node = node
        }
    }

    public enum Value: Sendable, Equatable {
        /// Members in the order written (keys are unique).
        case object([Member])
        case array([SettingsNode])
        case string(String)
        /// A number's text as written (`0.01`, `20`, `1e3`).
        case number(String)
        case bool(Bool)
        case null
    }

    public var value: Value
    public var origin: SettingsOrigin

    public init(value: Value, origin: SettingsOrigin) {
        self.value = value
        self.origin = origin
    }
}

/// Where a settings value was written: the file, its line, and its path in the document.
public struct SettingsOrigin: Sendable, Equatable {
    /// The file as the user named it.
    public var file: String
    /// 1-based line; 0 when unknown.
    public var line: Int
    /// `partitions.gpu.suMultiplier`, `projects[0].users[2].email`; "" for the whole document.
    public var path: String

    public init(file: String, line: Int, path: String) {
        self.file = file
        self.line = line
        self.path = path
    }

    public func child(_ key: String, line: Int) -> SettingsOrigin {
        SettingsOrigin(file: file, line: line, path: path.isEmpty ? key : "\(path).\(key)")
    }

    public func element(_ index: Int, line: Int) -> SettingsOrigin {
        SettingsOrigin(file: file, line: line, path: "\(path)[\(index)]")
    }
}

extension ConfigValue {
    /// This YAML value as a settings tree. Plain scalars that read as YAML
    /// booleans, nulls or numbers become those; quoted scalars stay strings.
    /// `${VAR}` expands in strings as everywhere else in the file.
    func settingsNode() throws(ConfigError) -> SettingsNode {
        try Self.convert(node, origin: SettingsOrigin(file: context.file, line: line, path: path), context: context)
    }

    private static func convert(_ node: Node, origin: SettingsOrigin, context: ConfigContext) throws(ConfigError) -> SettingsNode {
        switch node {
        case .mapping(let mapping):
            var members: [SettingsNode.Member] = []
            for (k, v) in mapping {
                let keyLine = k.mark?.line ?? origin.line
                guard case .scalar(let key) = k else {
                    throw context.error(.wrongType, line: keyLine, path: origin.path, "keys must be plain names, not lists or mappings")
                }
                let child = origin.child(key.string, line: v.mark?.line ?? keyLine)
                members.append(.init(key: key.string, node: try convert(v, origin: child, context: context)))
            }
            return SettingsNode(value: .object(members), origin: origin)
        case .sequence(let sequence):
            var items: [SettingsNode] = []
            for (i, item) in sequence.enumerated() {
                items.append(try convert(item, origin: origin.element(i, line: item.mark?.line ?? origin.line), context: context))
            }
            return SettingsNode(value: .array(items), origin: origin)
        case .scalar(let scalar):
            let text: String
            do {
                text = try VariableExpansion.expand(scalar.string, environment: context.environment)
            } catch {
                throw context.error(.missingVariable, line: origin.line, path: origin.path, error.message)
            }
            // A plain scalar is read as YAML reads it (after ${VAR}): null, a boolean, a number, or text.
            if scalar.style == .plain || scalar.style == .any {
                switch text {
                case "", "~", "null", "Null", "NULL": return SettingsNode(value: .null, origin: origin)
                case "true", "True", "TRUE": return SettingsNode(value: .bool(true), origin: origin)
                case "false", "False", "FALSE": return SettingsNode(value: .bool(false), origin: origin)
                default:
                    if SettingsNumber.isNumber(text) { return SettingsNode(value: .number(text), origin: origin) }
                }
            }
            return SettingsNode(value: .string(text), origin: origin)
        case .alias:
            throw context.error(.wrongType, line: origin.line, path: origin.path, "aliases are not supported here")
        }
    }
}

/// The JSON number grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// shared by the JSON reader and the YAML conversion so both agree on what a number is.
public enum SettingsNumber {
    public static func isNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        func digits() -> Int {
            var n = 0
            while let c = bytes.first, c >= 48, c <= 57 { bytes.removeFirst(); n += 1 }
            return n
        }
        guard let first = bytes.first, first >= 48, first <= 57 else { return false }
        if first == 48 { bytes.removeFirst() } else { _ = digits() }
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            guard digits() > 0 else { return false }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
