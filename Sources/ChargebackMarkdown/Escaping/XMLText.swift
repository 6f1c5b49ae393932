/// Text made safe inside markup the tool writes: HTML pages (text and quoted
/// attribute values), SVG charts, Pango markup in PDFs. The one escaper of
/// `& < > " '`; everything else passes as it is.
///
/// Works on UTF-8 bytes, never on `Character`s: `"` followed by a combining
/// mark (U+0301) is one Swift Character that is not equal to `"`, yet a
/// browser, which reads code points, sees a quote that ends the attribute.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape.
        guard text.utf8.contains(where: needsEscape) else { return text }
        var out: [UInt8] = []
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` to `out`, escaped.
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: amp)
            case UInt8(ascii: "<"): out.append(contentsOf: lt)
            case UInt8(ascii: ">"): out.append(contentsOf: gt)
            case UInt8(ascii: "\""): out.append(contentsOf: quot)
            case UInt8(ascii: "'"): out.append(contentsOf: apos)
            default: out.append(byte)
            }
        }
    }

    /// `escape`, and the result on one line and well-formed XML 1.0: line
    /// breaks and tabs become spaces (a chart is one line of a page), and
    /// characters XML forbids (C0 controls, U+FFFE, U+FFFF) become U+FFFD.
    public static func escapeOneLine(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: cleaned.append(" ")
            case 0..<0x20, 0xFFFE, 0xFFFF: cleaned.append("\u{FFFD}")
            default: cleaned.append(scalar)
            }
        }
        return escape(String(cleaned))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    private static let amp = Array("&amp;".utf8)
    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let apos = Array("&#39;".utf8)
}
