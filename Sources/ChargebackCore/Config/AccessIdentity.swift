/// Whether a person's identity (an e-mail, a user name) or a group name can be
/// written into an access rule as one word, meaning only itself.
///
/// Apache reads a `Require` line as space-separated words with quotes, `%{…}`
/// expressions and `<…>` sections; nginx reads quotes, `;`, `{}`, `$` and
/// `#`. So only a short list of characters is allowed, none of which means
/// anything to either server: ASCII letters and digits and `. _ @ + - : = /`
/// (group names may also hold `,`, as LDAP names do). Everything else (spaces,
/// quotes, newlines, backslashes, non-ASCII letters) is refused, never escaped.
public enum AccessIdentity {
    /// The characters allowed besides ASCII letters and digits, as shown in messages.
    public static let allowedPunctuation = ". _ @ + - : = /"
    private static let punctuation = Set("._@+-:=/".unicodeScalars)

    /// nil when `text` is a safe identity; else what is wrong with it
    /// ("it contains a space"), to complete a sentence naming whose identity it is.
    public static func problem(_ text: String, isGroup: Bool = false) -> String? {
        if text.isEmpty { return "it is empty" }
        for scalar in text.unicodeScalars {
            let ok = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || punctuation.contains(scalar) || (isGroup && scalar == ",")
            if !ok { return "it contains \(describe(scalar))" }
        }
        return nil
    }

    /// What was expected, for messages.
    public static func expectation(isGroup: Bool = false) -> String {
        "ASCII letters, digits and \(allowedPunctuation)\(isGroup ? " ," : "") only"
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": "a space"
        case "\"", "'", "`": "a quote (\(scalar))"
        case "\n", "\r": "a line break"
        case "\t": "a tab"
        default:
            scalar.value < 0x20 || scalar.value == 0x7F
                ? "a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
                : scalar.isASCII ? "\"\(scalar)\"" : "a non-ASCII character (\(scalar))"
        }
    }
}
