import Foundation

/// A `MailMessage` as RFC 5322 / MIME bytes: CRLF line endings, no line
/// over 78 octets in the headers or 76 in the bodies, 7-bit throughout.
///
/// ```
/// multipart/mixed                      (only with attachments)
///   multipart/alternative
///     text/plain; charset=utf-8        quoted-printable
///     text/html; charset=utf-8         quoted-printable
///   application/pdf; name=…            base64, Content-Disposition: attachment; filename=…
/// ```
public enum MIMEWriter {
    public static func bytes(_ message: MailMessage) throws(MailError) -> [UInt8] {
        var out = ""
        func header(_ name: String, _ value: String) { out += name + ": " + value + "\r\n" }
        header("From", try message.from.header())
        header("To", try message.to.map { (address: MailAddress) throws(MailError) -> String in try address.header() }.joined(separator: ",\r\n "))
        header("Subject", try HeaderValue.unstructured(message.subject, origin: message.subjectOrigin))
        header("Date", MailDate.format(message.date))
        header("Message-ID", "<" + (try HeaderValue.oneLine(message.messageID, origin: "Message-ID")) + ">")
        header("MIME-Version", "1.0")
        // RFC 3834: no auto-replies ("out of office") to a notice.
        header("Auto-Submitted", "auto-generated")
        let seed = message.messageID.split(separator: "@").first.map(String.init) ?? "0"
        let alternative = "=_alt_" + seed
        guard !message.attachments.isEmpty else {
            header("Content-Type", "multipart/alternative;\r\n boundary=\"\(alternative)\"")
            return Array((out + "\r\n" + alternativeParts(message, boundary: alternative)).utf8)
        }
        let mixed = "=_mix_" + seed
        header("Content-Type", "multipart/mixed;\r\n boundary=\"\(mixed)\"")
        out += "\r\n--" + mixed + "\r\n"
        out += "Content-Type: multipart/alternative;\r\n boundary=\"\(alternative)\"\r\n\r\n"
        out += alternativeParts(message, boundary: alternative)
        for attachment in message.attachments {
            out += "--" + mixed + "\r\n" + (try part(attachment))
        }
        out += "--" + mixed + "--\r\n"
        return Array(out.utf8)
    }

    /// Boundaries start with `=_`, which neither quoted-printable nor base64 output can contain.
    private static func alternativeParts(_ message: MailMessage, boundary: String) -> String {
        "--" + boundary + "\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + TransferEncoding.quotedPrintable(message.text)
            + "--" + boundary + "\r\n"
            + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + TransferEncoding.quotedPrintable(message.html)
            + "--" + boundary + "--\r\n"
    }

    private static func part(_ attachment: MailAttachment) throws(MailError) -> String {
        let origin = "attachment file name"
        let type = try HeaderValue.oneLine(attachment.contentType, origin: "attachment content type")
        let name = try HeaderValue.oneLine(attachment.fileName, origin: origin)
        return "Content-Type: \(type);\r\n" + FileNameParameter.lines("name", name)
            + "Content-Disposition: attachment;\r\n" + FileNameParameter.lines("filename", name)
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + TransferEncoding.base64(attachment.bytes)
    }
}
