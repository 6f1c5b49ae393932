/// Why a message was not delivered: the server's reply code when there was
/// one (0 when not: no connection, a timeout, TLS), its text, and whether
/// trying again later may help (4xx replies, timeouts, lost connections)
/// or not (5xx replies, login refused, TLS or configuration errors).
public struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var isTransient: Bool

    public init(code: Int, message: String, isTransient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { message }
}

/// Something that hands a message to a mail system.
public protocol MailSending: Sendable {
    /// Sends `bytes` (a complete message) from `sender` to `recipients` (envelope addresses).
    func send(_ bytes: [UInt8], sender: String, recipients: [String]) -> Result<Void, DeliveryFailure>
}
