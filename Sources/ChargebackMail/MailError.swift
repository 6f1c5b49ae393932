/// Why a message could not be built or written. Each case names where the
/// offending value came from (a setting, the ledger, a template), so the
/// admin knows what to fix.
public enum MailError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A CR or LF in a value that would reach a header: refused (header injection).
    case lineBreakInHeader(origin: String, value: String)
    case invalidAddress(origin: String, value: String, expected: String)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case let .lineBreakInHeader(origin, value):
            "\(origin): expected one line of text for an e-mail header, got a CR or LF in \(Self.quoted(value)) (refused: it could add headers)"
        case let .invalidAddress(origin, value, expected):
            "\(origin): expected \(expected), got \(Self.quoted(value))"
        case let .io(path, message):
            "\(path): \(message)"
        }
    }

    /// The value with its line breaks shown, so the message itself stays one line.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
