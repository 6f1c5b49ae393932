/// Escaping for text that goes into SVG/HTML markup built by hand. Chart
/// labels come from data (project ids, service names), so everything placed
/// in an element or an attribute passes through here.
enum XMLText {
    /// Escapes `& < > " '` and replaces what must not appear: line breaks and
    /// tabs become spaces (a chart is one line, because a blank line would end
    /// the raw HTML block in Markdown), and characters XML 1.0 forbids
    /// (C0 controls, U+FFFE, U+FFFF) become U+FFFD so the output always parses.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// An id safe in any attribute and as an `aria-labelledby` reference:
    /// ASCII letters, digits, `-` and `_`; anything else becomes `-`.
    static func identifier(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { scalar -> Character in
            let v = scalar.value
            let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2D || v == 0x5F
            return ok ? Character(scalar) : "-"
        })
        // An id must not be empty and reads best starting with a letter.
        guard let first = cleaned.unicodeScalars.first, (first.value | 0x20) >= 0x61, (first.value | 0x20) <= 0x7A else {
            return "chart-" + cleaned
        }
        return cleaned
    }
}
