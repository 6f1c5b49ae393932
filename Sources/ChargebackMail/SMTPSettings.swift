/// How to reach the SMTP server (the `smtp:` settings, already checked).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// true: TLS required — implicit on port 465 (`smtps://`), STARTTLS on any other port.
    /// false: plain text (a relay on the same host or network only).
    public var useTLS: Bool
    /// Login only when both are set.
    public var username: String?
    public var password: String?
    /// PEM file of trusted certificate authorities; nil: the system's.
    public var caFile: String?
    public var connectTimeoutSeconds: Int
    /// The whole conversation for one message.
    public var timeoutSeconds: Int

    public init(host: String, port: Int = 587, useTLS: Bool = true, username: String? = nil, password: String? = nil,
                caFile: String? = nil, connectTimeoutSeconds: Int = 10, timeoutSeconds: Int = 60) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    /// true when TLS starts with the connection (port 465) rather than with STARTTLS.
    public var implicitTLS: Bool { useTLS && port == 465 }

    public var url: String {
        let host = self.host.contains(":") ? "[" + self.host + "]" : self.host
        return (implicitTLS ? "smtps://" : "smtp://") + host + ":" + String(port)
    }

    /// For messages: `smtp://host:587 (STARTTLS)`.
    public var summary: String {
        url + (useTLS ? (implicitTLS ? " (TLS)" : " (STARTTLS)") : " (no TLS)")
    }
}
