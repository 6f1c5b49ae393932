/// `smtp:` — the mail server `notify` sends through (docs/email.md).
public struct SMTPConfig: Sendable, Equatable, ConfigSection {
    /// "" when not configured: `notify` then refuses to send (dev mode and `--to-dir` still work).
    public var host: String
    public var port: Int
    /// true: TLS required (implicit on port 465, STARTTLS on others); false: plain (a local relay).
    public var useTLS: Bool
    /// Login when both are set (e.g. `${SMTP_USER}`, `${SMTP_PASSWORD}` from the environment).
    public var username: String?
    public var password: String?
    /// PEM file of the certificate authorities to trust for the server's TLS certificate
    /// (an internal CA); nil: the system's.
    public var caFile: String?
    public var connectTimeoutSeconds: Int
    /// For one message's whole conversation with the server.
    public var timeoutSeconds: Int
    /// More attempts after a transient failure (4xx reply, timeout, lost connection).
    public var retries: Int
    /// Seconds before the first retry; doubled for each next one.
    public var retryDelaySeconds: Int
    /// Why the login is unknown: `username`/`password` name an environment
    /// variable that is not set (`FILE:LINE: smtp.username: …`). Only sending needs
    /// them, so the file loads and `notify` refuses to use the server; dev mode and
    /// `--to-dir` still work (the legacy example config reads `${SMTP_USER}`).
    public var unsetCredential: String?

    public init(host: String = "", port: Int = 587, useTLS: Bool = true, username: String? = nil, password: String? = nil,
                caFile: String? = nil, connectTimeoutSeconds: Int = 10, timeoutSeconds: Int = 60, retries: Int = 3, retryDelaySeconds: Int = 5) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.retryDelaySeconds = retryDelaySeconds
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("host"), !v.isNull {
            host = try v.string()
            guard host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"/@?#".unicodeScalars.contains($0) }) else {
                throw v.error(.invalidValue, "expected a host name or IP address such as smtp.example.edu, got \"\(host)\"")
            }
        }
        if let v = m.value("port") {
            port = try v.positiveInt()
            guard port <= 65535 else { throw v.error(.invalidValue, "expected a port from 1 to 65535, got \(port)") }
        }
        if let v = m.value("use_tls") { useTLS = try v.bool() }
        if let v = m.value("username"), !v.isNull { username = try credential(v) }
        if let v = m.value("password"), !v.isNull { password = try credential(v) }
        if let v = m.value("ca_file"), !v.isNull { caFile = try v.resolvedPath() }
        if let v = m.value("connect_timeout_seconds") { connectTimeoutSeconds = try v.positiveInt() }
        if let v = m.value("timeout_seconds") { timeoutSeconds = try v.positiveInt() }
        if let v = m.value("retries") {
            retries = try v.int()
            guard (0...10).contains(retries) else { throw v.error(.invalidValue, "expected 0 to 10 retries, got \(retries)") }
        }
        if let v = m.value("retry_delay_seconds") {
            retryDelaySeconds = try v.int()
            guard (0...600).contains(retryDelaySeconds) else {
                throw v.error(.invalidValue, "expected 0 to 600 seconds, got \(retryDelaySeconds)")
            }
        }
        if unsetCredential == nil, (username == nil) != (password == nil) {
            throw m.context.error(.invalidValue, path: m.childPath(username == nil ? "username" : "password"),
                                  "expected both smtp.username and smtp.password (login) or neither, got only one")
        }
    }

    /// A login value; an unset `${VAR}` in it is kept as `unsetCredential` (with a warning), not an error.
    private mutating func credential(_ v: ConfigValue) throws(ConfigError) -> String {
        guard let name = v.unsetVariable() else { return try v.string() }
        if unsetCredential == nil {
            unsetCredential = v.error(.missingVariable, "environment variable \(name) is not set").description
            v.context.warn(line: v.line, "\(v.path): environment variable \(name) is not set: notify will not send "
                           + "through smtp.host until it is (dev mode and --to-dir do not need it)")
        }
        return ""
    }
}
