import Foundation

/// One e-mail, before it is written as MIME: the headers' values, a
/// plain-text and an HTML version of the same body, and attachments.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    /// Where the subject came from (e.g. `email.subject_template`), for errors.
    public var subjectOrigin: String
    public var date: Date
    /// Without angle brackets: `random@domain` (see `MessageID`).
    public var messageID: String
    public var text: String
    public var html: String
    public var attachments: [MailAttachment]

    public init(from: MailAddress, to: [MailAddress], subject: String, subjectOrigin: String, date: Date, messageID: String,
                text: String, html: String, attachments: [MailAttachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.subjectOrigin = subjectOrigin
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachments = attachments
    }
}

/// A file sent with a message, e.g. a PDF statement.
public struct MailAttachment: Sendable {
    public var fileName: String
    /// `type/subtype`, e.g. `application/pdf`.
    public var contentType: String
    public var bytes: [UInt8]

    public init(fileName: String, contentType: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.bytes = bytes
    }
}
