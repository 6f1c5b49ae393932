/// A GFM table whose cells are all plain text (or one code span), read line by line without
/// cmark: a statement in detail lists tens of thousands of charges, and
/// through cmark each row cost a tree of some thirty nodes, its parse taken
/// under `CmarkGFM`'s process-wide lock (a 38,249-row table: ~300 MB and
/// most of a build thread's time; perf and heaptrack, `scripts/bench scale`).
///
/// Only what is certain to read the same as cmark's parse is taken; any
/// other table is left to cmark whole. A cell is plain when, trimmed, it is one
/// code span (`code(of:)`: the review page's commands) or
/// holds nothing but ASCII letters and digits, commas, slashes, spaces, non-ASCII text and
/// decimal character references (`&#44;`), which is what a `{{value}}`
/// becomes (`MarkdownEscaping`): no punctuation that could be markup, and
/// no raw `:`, `.` or `@` for an autolink to start from. The marker around
/// an escaped `@` is removed, as `EmailAutolinkGuard` does to cmark's tree;
/// a reference to `@` without it is left to cmark, which may link it.
enum PlainTable {
    /// The table whose header is `lines[start]`, and the index after its last row;
    /// nil when it is not a table of plain cells.
    static func read(_ lines: ArraySlice<SourceLine>, at start: Int) -> (table: MarkdownTable, end: Int)? {
        guard start + 1 < lines.endIndex,
              let headerCells = cells(lines[start].text),
              let alignments = delimiterRow(lines[start + 1].text),
              alignments.count == headerCells.count
        else { return nil }
        guard let header = plain(headerCells) else { return nil }
        var rows: [[[MarkdownInline]]] = []
        var index = start + 2
        while index < lines.endIndex, !isBlank(lines[index].text) {
            guard let rowCells = cells(lines[index].text), rowCells.count == header.count, let row = plain(rowCells) else { return nil }
            rows.append(row)
            index += 1
        }
        return (MarkdownTable(alignments: alignments, header: header, rows: rows), index)
    }

    /// One body row of a plain table of `columns` columns, as `read` takes it; nil when it is not one.
    static func row(_ line: Substring, columns: Int) -> MarkdownTableRows.Element? {
        guard let rowCells = cells(line), rowCells.count == columns else { return nil }
        return plain(rowCells)
    }

    /// Whether `lines` may be split around plain tables: nothing in them can
    /// reach across a blank line into a table (a fenced code block, an HTML
    /// block) or be referred to from another part (a link reference definition).
    static func mayHoldTables(_ lines: ArraySlice<SourceLine>) -> Bool {
        var sawTableLine = false
        for line in lines {
            guard let first = line.content?.utf8.first else { continue }
            switch first {
            case UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "["): return false
            case UInt8(ascii: "|"): sawTableLine = true
            default: break
            }
        }
        return sawTableLine
    }

    /// Where a table may start: the first line, or after a blank one, with no indent.
    static func mayStart(_ lines: ArraySlice<SourceLine>, at index: Int) -> Bool {
        lines[index].text.utf8.first == UInt8(ascii: "|") && (index == lines.startIndex || isBlank(lines[index - 1].text))
    }

    static func isBlank(_ text: Substring) -> Bool {
        text.utf8.allSatisfy(SourceLine.isBlank)
    }

    /// `| a | b |` → [" a ", " b "]; nil unless the line starts and ends with a pipe.
    /// On bytes throughout: a combining mark after a space or a pipe is one Character with it.
    private static func cells(_ line: Substring) -> [Substring]? {
        let bytes = line.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, SourceLine.isBlank(bytes[bytes.index(before: end)]) {
            end = bytes.index(before: end)
        }
        guard bytes.distance(from: bytes.startIndex, to: end) >= 2, bytes.first == UInt8(ascii: "|"),
              bytes[bytes.index(before: end)] == UInt8(ascii: "|")
        else { return nil }
        var out: [Substring] = []
        var start = bytes.index(after: bytes.startIndex)
        var index = start
        let last = bytes.index(before: end)
        while index < last {
            if bytes[index] == UInt8(ascii: "|") {
                out.append(Substring(bytes[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        out.append(Substring(bytes[start..<last]))
        return out
    }

    /// Within a line a carriage return is not trimmed from a cell: cmark ends the line there.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// `|---|--:|:-:|` → its alignments; nil if it is not a delimiter row.
    private static func delimiterRow(_ line: Substring) -> [MarkdownTable.Alignment]? {
        guard let cells = cells(line) else { return nil }
        var out: [MarkdownTable.Alignment] = []
        for cell in cells {
            let bytes = Array(trimmed(cell).utf8)
            let left = bytes.first == UInt8(ascii: ":")
            let right = bytes.count > 1 && bytes.last == UInt8(ascii: ":")
            let dashes = bytes.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            out.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return out
    }

    private static func trimmed(_ cell: Substring) -> Substring {
        let bytes = cell.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return Substring(bytes[start..<end])
    }

    private static func plain(_ cells: [Substring]) -> [[MarkdownInline]]? {
        var out: [[MarkdownInline]] = []
        out.reserveCapacity(cells.count)
        for cell in cells {
            let content = trimmed(cell)
            if let code = code(of: content) {
                out.append([.code(code)])
                continue
            }
            guard let text = text(of: content) else { return nil }
            // An empty cell has no text node; a cell of markers alone has an empty one, as in cmark's tree.
            out.append(content.isEmpty ? [] : [.text(text)])
        }
        return out
    }

    /// A cell that is one code span and nothing else (`` `openchargeback review approve 12` ``, the
    /// review page's commands): its text as cmark reads it, literally (no references decoded, markers
    /// removed), one space taken off each end when both ends have one. nil for anything else: a
    /// backtick or backslash inside, text around it, or spaces alone.
    static func code(of cell: Substring) -> String? {
        let bytes = cell.utf8
        guard bytes.count >= 3, bytes.first == UInt8(ascii: "`"), bytes.last == UInt8(ascii: "`") else { return nil }
        var inner = Array(bytes.dropFirst().dropLast())
        guard !inner.contains(UInt8(ascii: "`")), !inner.contains(UInt8(ascii: "\\")), inner.contains(where: { $0 != UInt8(ascii: " ") }),
              !inner.contains(where: { $0 < 0x20 || $0 == 0x7F })
        else { return nil }
        if inner.first == UInt8(ascii: " "), inner.last == UInt8(ascii: " ") {
            inner = Array(inner.dropFirst().dropLast())
        }
        var text = String(decoding: inner, as: UTF8.self)
        if text.unicodeScalars.contains(EmailAutolinkGuard.marker) { text.unicodeScalars.removeAll { $0 == EmailAutolinkGuard.marker } }
        return text
    }

    private static let markerBytes = Array(String(EmailAutolinkGuard.marker).utf8)

    /// The cell's text, references decoded and `@` markers removed; nil if it is not plain.
    static func text(of cell: Substring) -> String? {
        let bytes = Array(cell.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            // A comma or a slash alone is never markup (`{{source}}, {{line}}`, `Fund/org`): an autolink needs `:`, `.` or `@`.
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "/"):
                out.append(byte)
                index += 1
            case 0x80...:
                if bytes[index...].starts(with: markerBytes) {
                    index += markerBytes.count
                } else {
                    out.append(byte)
                    index += 1
                }
            case UInt8(ascii: "&"):
                guard let (scalar, length) = reference(bytes, at: index) else { return nil }
                // A `@` an escaper did not mark could start an e-mail autolink in cmark.
                if scalar == "@", !(index >= markerBytes.count && bytes[(index - markerBytes.count)..<index].elementsEqual(markerBytes)) {
                    return nil
                }
                out.append(contentsOf: String(scalar).utf8)
                index += length
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `&#` 1–7 digits `;` naming a valid, non-zero scalar (cmark would make anything else U+FFFD, left to it).
    private static func reference(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        guard start + 3 < bytes.count, bytes[start + 1] == UInt8(ascii: "#") else { return nil }
        var value: UInt32 = 0
        var index = start + 2
        while index < bytes.count, index - start - 2 < 7, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            value = value * 10 + UInt32(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start + 2, index < bytes.count, bytes[index] == UInt8(ascii: ";"), value != 0,
              let scalar = Unicode.Scalar(value)
        else { return nil }
        return (scalar, index + 1 - start)
    }
}
