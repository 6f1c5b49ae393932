import ChargebackCore
import ChargebackMail
import ChargebackRender
import Foundation

/// One PI's notice as a `MailMessage`: From the configured sender, To the
/// PI, the configured subject, the e-mail template's text and HTML, and the
/// PI's PDF statements of the period.
struct NoticeMessage {
    let config: AppConfig
    let template: EmailTemplate
    let sender: MailAddress
    let subject: String
    let pdfs: PeriodStatementPDFs?

    static let subjectOrigin = "email.subject_template"

    /// The sender and subject checked once for the whole run (a CR or LF stops it, naming the setting).
    static func sender(_ config: AppConfig) throws -> MailAddress {
        let address = config.email.fromAddress.isEmpty ? config.organization.contactEmail : config.email.fromAddress
        guard !address.isEmpty else { throw NotifyError.noSender }
        let name = try HeaderValue.oneLine(config.email.fromName ?? config.organization.name, origin: "email.from_name")
        _ = try HeaderValue.phrase(name, origin: "email.from_name")
        return try MailAddress(name: name, address: address, origin: "email.from_address")
    }

    func message(for statement: StatementReport, date: Date) throws -> MailMessage {
        let to = try MailAddress(address: statement.piEmail, origin: "pi_email of the charges of \(statement.piEmail)")
        var attachments: [MailAttachment] = []
        if let pdfs {
            attachments = try pdfs.render(statement).map { project, bytes in
                MailAttachment(fileName: Self.fileName(period: statement.period, projectId: project.projectId),
                               contentType: "application/pdf", bytes: bytes)
            }
        }
        let settings = RenderSettings(config: config)
        let view = EmailView(statement: statement, settings: settings, attachments: attachments.map(\.fileName))
        let body = template.render(view, subject: subject, language: settings.site.language)
        return MailMessage(from: sender, to: [to], subject: subject, subjectOrigin: Self.subjectOrigin, date: date,
                           messageID: MessageID.make(domain: sender.domain), text: body.text, html: body.html,
                           attachments: attachments)
    }

    /// `statement_P_<project>.pdf`: the project id as typed (accents and all,
    /// sent as RFC 2231), with path separators, quotes and controls replaced by `_`.
    static func fileName(period: BillingPeriod, projectId: String) -> String {
        let safe = String(String.UnicodeScalarView(projectId.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || "/\\:*?\"<>|".unicodeScalars.contains(scalar) ? "_" : scalar
        }))
        return "statement_\(period)_\(safe.prefix(100)).pdf"
    }
}
