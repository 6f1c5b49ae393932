import Foundation

/// Writing CSV that is RFC 4180 and safe to open in a spreadsheet.
public enum CSVCell {
    /// Quotes a cell when needed and neutralises spreadsheet formulas: a cell
    /// starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, unless
    /// it is a plain number (so "-12.50" stays a number).
    public static func escape(_ value: String) -> String {
        var text = value
        if let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first),
           !isPlainNumber(text) {
            text = "'" + text
        }
        return quoted(text)
    }

    /// RFC 4180 quoting only (for text that must stay verbatim).
    public static func quoted(_ text: String) -> String {
        if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    static func isPlainNumber(_ text: String) -> Bool {
        var sawDigit = false
        var sawPoint = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return false }
            case UInt8(ascii: "."): if sawPoint { return false }; sawPoint = true
            case 48...57: sawDigit = true
            default: return false
            }
        }
        return sawDigit
    }
}
