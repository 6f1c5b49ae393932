import ChargebackCore
import ChargebackMail

/// Where notices go: an SMTP server (with retries), or a folder of `.eml`
/// files (`--to-dir`, else dev mode — `email.dev_mode` or the legacy top-level
/// `dev_mode` — into `email.outbox_dir`, else the legacy `output.email_dir`).
enum NoticeOutlet {
    case smtp(SMTPTransport, RetryPolicy)
    case files(EMLDirectory)

    init(config: AppConfig, toDir: String?, sleep: @escaping @Sendable (Double) -> Void) throws {
        if let toDir {
            self = .files(EMLDirectory(folder: toDir))
        } else if config.email.devMode {
            self = .files(EMLDirectory(folder: config.email.outboxDir))
        } else {
            let smtp = config.smtp
            guard !smtp.host.isEmpty else { throw NotifyError.smtpNotConfigured }
            if let problem = smtp.unsetCredential { throw NotifyError.smtpCredentialUnset(problem) }
            let settings = SMTPSettings(host: smtp.host, port: smtp.port, useTLS: smtp.useTLS, username: smtp.username,
                                        password: smtp.password, caFile: smtp.caFile, connectTimeoutSeconds: smtp.connectTimeoutSeconds,
                                        timeoutSeconds: smtp.timeoutSeconds)
            self = .smtp(SMTPTransport(settings: settings),
                         RetryPolicy(retries: smtp.retries, initialDelay: Double(smtp.retryDelaySeconds), sleep: sleep))
        }
    }

    var destination: String {
        switch self {
        case .smtp(let transport, _): transport.settings.summary
        case .files(let folder): folder.folder
        }
    }

    /// Sends or writes one message; success carries the `.eml` path when written to a file.
    func deliver(_ bytes: [UInt8], name: String, sender: String, recipient: String) throws -> (result: Result<String?, DeliveryFailure>, attempts: Int) {
        switch self {
        case .smtp(let transport, let policy):
            let (result, attempts) = policy.run { transport.send(bytes, sender: sender, recipients: [recipient]) }
            return (result.map { nil }, attempts)
        case .files(let folder):
            return (.success(try folder.write(bytes, name: name)), 1)
        }
    }
}
