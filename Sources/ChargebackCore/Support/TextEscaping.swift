import Foundation

/// Which characters of untrusted text must not appear raw inside a quoted,
/// one-line value (error messages, log lines): quotes, backslashes, line
/// breaks, control characters, and the Unicode controls that reorder or
/// break lines in a terminal (bidi overrides, line/paragraph separators).
public enum TextEscaping {
    /// The escape for `scalar`, or nil when it can stay as it is;
    /// `code` writes a code point in the caller's syntax (`\u{1B}`, `\u001b`).
    static func escape(_ scalar: Unicode.Scalar, code: (UInt32) -> String) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            return isControl(scalar) ? code(scalar.value) : nil
        }
    }

    /// C0 and C1 controls, DEL, the line and paragraph separators and the
    /// bidi controls: never written raw to a terminal or a one-line value.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0x2028 || v == 0x2029
            || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// `s` as a JSON string literal, every character above escaped (`\u001b`):
    /// log lines and the tags converters write.
    public static func jsonString(_ s: String) -> String {
        // Most values (ids, e-mails, amounts) are printable ASCII with nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            if let escaped = escape(scalar, code: { String(format: "\\u%04x", $0) }) {
                out += escaped
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
