/// The rows of a list, for a page whose template writes a table row per
/// item (`{{#lines}}| {{date}} | … |{{/lines}}`): the page is rendered with
/// placeholders instead of the items (`RowPlaceholder`), and its tables get
/// rows made from the placeholder row's line as a renderer reads them.
public protocol MarkdownRowValues: Sendable {
    /// How many rows list `list` has.
    func count(list: Int) -> Int
    /// The fields of row `row` of list `list`, as the template receives them (a placeholder's field is an index here).
    func fields(list: Int, row: Int) -> [String]
}

/// A value that marks where a template put field `field` of row `row` of
/// list `list`. Private-use characters and digits pass through
/// `MarkdownEscaping` as they are; the closing full stop becomes `&#46;`, so
/// a placeholder found with it was escaped as every `{{value}}` is, and one
/// found with a bare `.` was written raw (`{{{value}}}`, the review page's
/// commands in code spans). Two sets (`Mark`): the same page rendered with
/// each tells a placeholder from data that happens to look like one.
public enum RowPlaceholder {
    public enum Mark: Sendable {
        case first, second

        var start: Unicode.Scalar { self == .first ? "\u{E000}" : "\u{E002}" }
        var separator: Unicode.Scalar { self == .first ? "\u{E001}" : "\u{E003}" }
    }

    public static func text(list: Int, row: Int, field: Int, mark: Mark) -> String {
        let s = String(mark.separator)
        return String(mark.start) + String(list) + s + String(row) + s + String(field) + "."
    }

    static let escapedEnd = Array("&#46;".utf8)
}

/// A table row's Markdown line split at its placeholders: the literal text
/// between them and which field each is.
struct MarkdownRowTemplate: Sendable {
    struct Slot: Equatable, Sendable {
        var list: Int
        var row: Int
        var field: Int
        /// Written raw (`{{{value}}}`): the value goes in as it is, not escaped.
        var raw = false
    }

    /// The line as the page was rendered.
    var source: String
    /// One more than `slots`.
    var pieces: [String]
    var slots: [Slot]

    /// nil when `line` holds a placeholder start that is not a whole placeholder of `mark` (escaped, or written raw).
    init?(_ line: Substring, mark: RowPlaceholder.Mark) {
        let bytes = Array(line.utf8)
        let start = Array(String(mark.start).utf8)
        let separator = Array(String(mark.separator).utf8)
        var pieces: [String] = []
        var slots: [Slot] = []
        var pieceStart = 0
        var index = 0
        func digits() -> Int? {
            var value = 0
            let first = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), index - first < 9 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > first ? value : nil
        }
        func take(_ expected: [UInt8]) -> Bool {
            guard bytes[index...].starts(with: expected) else { return false }
            index += expected.count
            return true
        }
        while index < bytes.count {
            guard bytes[index...].starts(with: start) else {
                index += 1
                continue
            }
            pieces.append(String(decoding: bytes[pieceStart..<index], as: UTF8.self))
            index += start.count
            guard let list = digits(), take(separator), let row = digits(), take(separator), let field = digits() else { return nil }
            let raw: Bool
            if take(RowPlaceholder.escapedEnd) {
                raw = false
            } else if take([UInt8(ascii: ".")]) {
                raw = true
            } else {
                return nil
            }
            slots.append(Slot(list: list, row: row, field: field, raw: raw))
            pieceStart = index
        }
        pieces.append(String(decoding: bytes[pieceStart...], as: UTF8.self))
        self.source = String(line)
        self.pieces = pieces
        self.slots = slots
    }

    static func holds(_ line: Substring, mark: RowPlaceholder.Mark) -> Bool {
        line.unicodeScalars.contains(mark.start)
    }

    /// The line with `value(slot)` in each placeholder's place.
    func line(_ value: (Slot) -> String) -> String {
        var out = pieces[0]
        for (index, slot) in slots.enumerated() {
            out += value(slot)
            out += pieces[index + 1]
        }
        return out
    }

    /// Same literal text and fields, ignoring which row the placeholders stood for.
    func sameShape(as other: MarkdownRowTemplate) -> Bool {
        pieces == other.pieces && slots.map { [$0.list, $0.field, $0.raw ? 1 : 0] } == other.slots.map { [$0.list, $0.field, $0.raw ? 1 : 0] }
    }

    /// The line for one item's `fields`, each escaped as `{{value}}` escapes it, or as it is when written raw.
    func line(fields: [String]) -> String {
        line { slot in
            guard slot.field < fields.count else { return "" }
            return slot.raw ? fields[slot.field] : MarkdownEscaping.escape(fields[slot.field])
        }
    }
}
