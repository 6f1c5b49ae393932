/// Rows for scripts, written as CSV or JSON (docs/scripting.md): the
/// listing commands' `--format csv|json` and the site's `audit.json`. Money is
/// an exact decimal string, never a JSON number.

/// A value of a machine-readable field.
public enum OutputValue: Sendable {
    case text(String?)
    case integer(Int64?)
    /// Exact: as many decimals as the amount has, at least two, at most nine ("1234.567891234").
    case money(Money?)
    case sum(MoneySum)
    /// An amount that exists only in cents ("1234.57").
    case cents(Int64?)
    case bool(Bool)
    case list([OutputValue])
    case object([(String, OutputValue)])

    public static func int(_ n: Int) -> OutputValue { .integer(Int64(n)) }

    /// JSON text: strings escaped (control characters as \u00XX), money as a string, never a number.
    public func json() -> String {
        switch self {
        case .text(let s): return s.map(TextEscaping.jsonString) ?? "null"
        case .integer(let n): return n.map(String.init) ?? "null"
        case .money(let m): return m.map { TextEscaping.jsonString(MoneyFormat.plain($0)) } ?? "null"
        case .sum(let s): return TextEscaping.jsonString(MoneyFormat.plain(s))
        case .cents(let c): return c.map { TextEscaping.jsonString(MoneyFormat.cents($0)) } ?? "null"
        case .bool(let b): return b ? "true" : "false"
        case .list(let values): return "[" + values.map { $0.json() }.joined(separator: ", ") + "]"
        case .object(let fields): return "{" + fields.map { TextEscaping.jsonString($0.0) + ": " + $0.1.json() }.joined(separator: ", ") + "}"
        }
    }

    /// A CSV cell before `CSVCell` escaping: null is empty, a list is its items joined by a space,
    /// an object is `name=value` pairs joined by a space.
    public func csv() -> String {
        switch self {
        case .text(let s): return s ?? ""
        case .integer(let n): return n.map(String.init) ?? ""
        case .money(let m): return m.map(MoneyFormat.plain) ?? ""
        case .sum(let s): return MoneyFormat.plain(s)
        case .cents(let c): return c.map(MoneyFormat.cents) ?? ""
        case .bool(let b): return b ? "true" : "false"
        case .list(let values): return values.map { $0.csv() }.joined(separator: " ")
        case .object(let fields): return fields.map { $0.0 + "=" + $0.1.csv() }.joined(separator: " ")
        }
    }
}

/// The fields of one kind of row: a name (stable, snake_case) and how to read it from an item.
public struct RecordSchema<Item>: Sendable {
    public typealias Field = (String, @Sendable (Item) -> OutputValue)
    public var fields: [(name: String, value: @Sendable (Item) -> OutputValue)]
    public init(_ fields: [Field]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// Another item's fields, read from the part `part` of this one.
    public static func fields<Part>(_ fields: [RecordSchema<Part>.Field], of part: @escaping @Sendable (Item) -> Part) -> [Field] {
        fields.map { field in
            let read = field.1
            return (field.0, { read(part($0)) })
        }
    }

    public func records(_ name: String, _ items: [Item], header: [(String, OutputValue)] = []) -> OutputRecords {
        OutputRecords(name: name, columns: fields.map(\.name), rows: items.map { item in fields.map { $0.value(item) } }, header: header)
    }
}

/// What a command prints for scripts: rows under a name, plus a few
/// top-level JSON fields (`header`, which CSV leaves out).
public struct OutputRecords: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[OutputValue]]
    public var header: [(String, OutputValue)] = []

    public init(name: String, columns: [String], rows: [[OutputValue]], header: [(String, OutputValue)] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.header = header
    }

    /// RFC 4180 (CRLF), every cell formula-safe (`CSVDocument`).
    public func csv() -> [UInt8] {
        var document = CSVDocument(header: columns)
        for row in rows { document.add(row.map { $0.csv() }) }
        return document.bytes
    }

    /// One object: the header fields, then `name`: an array of objects, one per row, fields in schema order.
    public func json() -> String {
        var out = "{\n"
        for (key, value) in header { out += "  " + TextEscaping.jsonString(key) + ": " + value.json() + ",\n" }
        out += "  " + TextEscaping.jsonString(name) + ": ["
        out += rows.isEmpty ? "" : "\n" + rows.map { row in
            "    {" + zip(columns, row).map { TextEscaping.jsonString($0) + ": " + $1.json() }.joined(separator: ", ") + "}"
        }.joined(separator: ",\n") + "\n  "
        return out + "]\n}\n"
    }
}
