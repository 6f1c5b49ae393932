import Foundation

/// Text as it may appear in a header: one line, 7-bit, lines ≤ 78 octets.
/// Non-ASCII text becomes RFC 2047 encoded-words (`=?UTF-8?B?…?=`, at most
/// 75 characters each, split between UTF-8 sequences, never inside one),
/// folded onto continuation lines.
public enum HeaderValue {
    /// `value` unchanged, or `.lineBreakInHeader` naming `origin` if it holds a CR or LF.
    public static func oneLine(_ value: String, origin: String) throws(MailError) -> String {
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw .lineBreakInHeader(origin: origin, value: value)
        }
        return value
    }

    /// Unstructured text (Subject): kept as it is when it is short printable
    /// ASCII, else encoded-words.
    public static func unstructured(_ text: String, origin: String) throws(MailError) -> String {
        let text = try oneLine(text, origin: origin)
        if isPlainASCII(text), !text.contains("=?"), text.utf8.count <= 900 { return text }
        return folded(encodedWords(text))
    }

    /// A display name (RFC 5322 phrase): atoms as they are, other ASCII as a
    /// quoted string. With non-ASCII text, words that are atoms stay as they
    /// are and each run of other words (with the spaces inside it) becomes
    /// encoded-words: readers ignore the space between two encoded-words, and
    /// some (Python's `email`) wrongly keep it, so they are kept rare.
    public static func phrase(_ name: String, origin: String) throws(MailError) -> String {
        let name = try oneLine(name, origin: origin)
        if isPlainASCII(name), !name.contains("=?"), name.utf8.count <= 900 {
            if name.unicodeScalars.allSatisfy({ atext.contains($0) || $0 == " " }) { return name }
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var tokens: [String] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { tokens += encodedWords(run.joined(separator: " ")) }
            run = []
        }
        for word in name.split(separator: " ", omittingEmptySubsequences: false) {
            if !word.isEmpty, !word.contains("=?"), word.unicodeScalars.allSatisfy({ atext.contains($0) }) {
                flush()
                tokens.append(String(word))
            } else {
                run.append(word)
            }
        }
        flush()
        return folded(tokens)
    }

    /// `tokens` joined by a space, or by CRLF and a space where the line would pass 76 octets
    /// (the first line leaves room for the header's name).
    static func folded(_ tokens: [String]) -> String {
        var out = ""
        var line = 12
        for (i, token) in tokens.enumerated() {
            if i > 0 {
                if line + 1 + token.utf8.count > 76 {
                    out += "\r\n "
                    line = 1
                } else {
                    out += " "
                    line += 1
                }
            }
            out += token
            line += token.utf8.count
        }
        return out
    }

    /// Encoded-words of at most 75 characters: `=?UTF-8?B?` + base64 of at most
    /// 45 bytes (60 characters) + `?=`; each word ends at a Unicode scalar's end.
    /// The first word holds at most 36 bytes, leaving room for the header's name
    /// on its line (every line ≤ 78 octets).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > (words.isEmpty ? firstWordBytes : maxEncodedBytes) {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    static let maxEncodedBytes = 45
    static let firstWordBytes = 36

    private static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }

    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// RFC 5322 `atext`.
    private static let atext: Set<Unicode.Scalar> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
}
