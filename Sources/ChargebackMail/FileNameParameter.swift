/// A file name as a MIME parameter: a quoted string when it is printable
/// ASCII, else RFC 2231 `name*0*=utf-8''%C3%A9…; name*1*=…` continuations
/// (each ≤ 48 characters of percent-encoding, never splitting a `%XX`).
enum FileNameParameter {
    /// Folded header lines, each starting with a space and ending with CRLF (`;` between them).
    static func lines(_ parameter: String, _ value: String) -> String {
        if HeaderValue.isPlainASCII(value), value.utf8.count <= 60 {
            let quoted = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return " \(parameter)=\"\(quoted)\"\r\n"
        }
        var chunks: [String] = []
        var current = ""
        for byte in value.utf8 {
            let token = isAttributeChar(byte) ? String(UnicodeScalar(byte)) : "%" + TransferEncoding.hex(byte)
            if current.utf8.count + token.utf8.count > 48 {
                chunks.append(current)
                current = ""
            }
            current += token
        }
        chunks.append(current)
        return chunks.enumerated().map { i, chunk in
            " \(parameter)*\(i)*=" + (i == 0 ? "utf-8''" : "") + chunk + (i == chunks.count - 1 ? "\r\n" : ";\r\n")
        }.joined()
    }

    /// RFC 2231 `attribute-char`: printable ASCII except specials, space, `*`, `'`, `%`.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        return !"*'%()<>@,;:\\\"/[]?={}".utf8.contains(byte)
    }
}
