import ChargebackCore
import Foundation

/// Writing to the terminal: messages on stderr, and progress: a bar when
/// stderr is a terminal, one line per phase otherwise (cron mail, logs).
enum Terminal {
    static func error(_ message: String) { write("error: " + message + "\n") }
    static func warning(_ message: String) { write("warning: " + message + "\n") }
    static func note(_ message: String) { write(message + "\n") }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// How a long command shows its progress on stderr: a bar redrawn in
    /// place on a terminal, else one line per phase when it ends.
    static func progress() -> any ProgressReporter {
        ProgressDisplay(style: stderrIsTerminal ? .bar : .summary, write: { write($0) })
    }
}

/// A plain-text table: headers, rows, numbers right-aligned.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns to right-align (numbers).
    var rightAligned: Set<Int> = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }
}

enum TextCell {
    /// Shortens long values for a terminal table (the ledger keeps them
    /// whole) and replaces control characters (`TextEscaping.isControl`: C0,
    /// C1, DEL, line separators, bidi controls) with `?`, so a hostile tag
    /// value or note cannot send escape sequences to the admin's terminal.
    static func clip(_ text: String, _ width: Int = 60) -> String {
        let safe = String(String.UnicodeScalarView(text.unicodeScalars.map { TextEscaping.isControl($0) ? "?" : $0 }))
        return safe.count <= width ? safe : String(safe.prefix(width - 1)) + "…"
    }
}
