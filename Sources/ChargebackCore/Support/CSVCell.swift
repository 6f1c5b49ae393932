import Foundation

/// Writing CSV that is RFC 4180 and safe to open in a spreadsheet.
public enum CSVCell {
    /// Quotes a cell when needed and neutralises spreadsheet formulas: a cell
    /// starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, unless
    /// it is a plain number (so "-12.50" stays a number).
    public static func escape(_ value: String) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `escape(value)`'s bytes appended to `bytes`, without making a String
    /// (journal files have millions of cells).
    public static func append(_ value: String, to bytes: inout [UInt8]) {
        let utf8 = value.utf8
        let neutralise = utf8.first.map { formulaStarts.contains($0) } == true && !isPlainNumber(value)
        let quote = utf8.contains(where: needsQuotes)
        if quote { bytes.append(UInt8(ascii: "\"")) }
        if neutralise { bytes.append(UInt8(ascii: "'")) }
        if quote {
            for byte in utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }

    private static let formulaStarts: [UInt8] = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

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
