/// Reads RFC 4180 CSV back into rows of cells (quoted cells, doubled quotes,
/// CRLF record ends), strictly: a stray quote or a bare LF record end fails.
package enum CSVRows {
    package struct Malformed: Error, CustomStringConvertible {
        package var offset: Int
        package var reason: String
        package var description: String { "CSV byte \(offset): \(reason)" }
    }

    package static func parse(_ bytes: [UInt8]) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [UInt8] = []
        var i = 0
        var quoted = false
        var cellStarted = false
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { cell.append(b); i += 2; continue }
                    quoted = false
                    i += 1
                    guard i == bytes.count || [UInt8(ascii: ","), 0x0D].contains(bytes[i]) else { throw Malformed(offset: i, reason: "text after a closing quote") }
                    continue
                }
                cell.append(b)
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                guard !cellStarted, cell.isEmpty else { throw Malformed(offset: i, reason: "quote inside an unquoted cell") }
                quoted = true
                cellStarted = true
            case UInt8(ascii: ","):
                row.append(String(decoding: cell, as: UTF8.self))
                cell = []
                cellStarted = false
            case 0x0D:
                guard i + 1 < bytes.count, bytes[i + 1] == 0x0A else { throw Malformed(offset: i, reason: "CR without LF") }
                row.append(String(decoding: cell, as: UTF8.self))
                rows.append(row)
                row = []
                cell = []
                cellStarted = false
                i += 1
            case 0x0A:
                throw Malformed(offset: i, reason: "bare LF ends a record (expected CRLF)")
            default:
                cell.append(b)
                cellStarted = true
            }
            i += 1
        }
        if quoted { throw Malformed(offset: i, reason: "unterminated quoted cell") }
        if cellStarted || !cell.isEmpty || !row.isEmpty { row.append(String(decoding: cell, as: UTF8.self)); rows.append(row) }
        return rows
    }

    /// Rows as dictionaries keyed by the header row.
    package static func records(_ bytes: [UInt8]) throws -> (header: [String], rows: [[String: String]]) {
        let all = try parse(bytes)
        guard let header = all.first else { return ([], []) }
        return (header, all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0).map { ($0, $1) }) })
    }
}
