/// A mailbox: an optional display name and an ASCII address. `origin` says
/// where the values came from (e.g. `email.from_address`), for errors.
public struct MailAddress: Sendable, Equatable {
    public var name: String
    public var address: String
    public var origin: String

    /// Checks `address` (one `@`, printable ASCII, no spaces or brackets) and `name` (one line).
    public init(name: String = "", address: String, origin: String) throws(MailError) {
        _ = try HeaderValue.oneLine(address, origin: origin)
        _ = try HeaderValue.oneLine(name, origin: origin)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !Self.forbidden.contains($0) })
        else {
            let expected = HeaderValue.isPlainASCII(address)
                ? "an e-mail address such as pi@example.edu"
                : "an ASCII e-mail address (addresses with other characters need SMTPUTF8, which is not supported)"
            throw .invalidAddress(origin: origin, value: address, expected: expected)
        }
        self.name = name
        self.address = address
        self.origin = origin
    }

    /// The part after the `@`.
    public var domain: String { String(address.split(separator: "@").last ?? "") }

    /// `Name <address>`, the name encoded as a phrase; the bare address when there is no name.
    func header() throws(MailError) -> String {
        guard !name.isEmpty else { return address }
        let phrase = try HeaderValue.phrase(name, origin: origin)
        let lastLine = phrase.components(separatedBy: "\r\n").last ?? phrase
        // Fold before the address when it would make the line longer than 78 octets.
        return phrase + (lastLine.utf8.count + address.utf8.count + 3 > 72 ? "\r\n <" : " <") + address + ">"
    }

    private static let forbidden: Set<Unicode.Scalar> = Set("<>()[],;:\"\\".unicodeScalars)
}
