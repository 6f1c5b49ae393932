import ChargebackCore

/// Why `notify` sent nothing at all. Each says what was expected.
public enum NotifyError: Error, CustomStringConvertible, Sendable {
    case draftPeriod(BillingPeriod)
    case smtpNotConfigured
    /// `smtp.username`/`password` name an environment variable that is not set (`SMTPConfig.unsetCredential`).
    case smtpCredentialUnset(String)
    case noSender
    case unknownRecipients([String], period: BillingPeriod)

    public var description: String {
        switch self {
        case .draftPeriod(let p):
            "period \(p) is open (draft): expected a closed or finalized period; close it first (periods close \(p)) or pass --allow-draft to send draft statements"
        case .smtpNotConfigured:
            "smtp.host is not set: expected the mail server in the configuration (smtp.host, smtp.port …), or email.dev_mode: true / --to-dir DIR to write .eml files instead"
        case .smtpCredentialUnset(let problem):
            "\(problem): expected the SMTP login in the environment before sending; or set email.dev_mode: true (or the legacy dev_mode: true), or pass --to-dir DIR, to write .eml files instead"
        case .noSender:
            "no sender address: expected email.from_address (or organization.contact_email) in the configuration"
        case .unknownRecipients(let addresses, let p):
            // Worded once, as `generate --to` says it.
            LedgerError.noStatement(addresses, p).description
        }
    }
}
