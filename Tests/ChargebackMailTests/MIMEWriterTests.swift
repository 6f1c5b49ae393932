import Foundation
import Testing
@testable import ChargebackMail

/// Messages written by `MIMEWriter`, read back by Python's `email` package.
@Suite struct MIMEWriterTests {
    static func message(attachments: [MailAttachment]) throws -> MailMessage {
        let text = "Dear PI,\n\nAmount due: USD 1,234.56 = the sum.\nTrailing space \nA long line " + String(repeating: "wörds ", count: 40)
            + "\n.a line starting with a dot\n"
        return MailMessage(
            from: try MailAddress(name: "Zoë's Research Computing — Статус", address: "billing@northfield.example.edu", origin: "email.from_name"),
            to: [try MailAddress(name: "Zoë Ōkafor 陳", address: "zoe.okafor@northfield.example.edu", origin: "pi")],
            subject: "Статус 2026-10 — Zoë: " + String(repeating: "ключ ", count: 20), subjectOrigin: "email.subject_template",
            date: Date(timeIntervalSince1970: 1_795_000_000), messageID: MessageID.make(domain: "northfield.example.edu"),
            text: text, html: "<p>Amount due: <strong>USD 1,234.56</strong> — ça va</p>\n", attachments: attachments)
    }

    @Test func aMessageWithAttachmentsParsesCleanlyAndEveryValueRoundTrips() throws {
        let pdf = Array("%PDF-1.5\n".utf8) + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let attachments = [
            MailAttachment(fileName: "statement_2026-10_genomics.pdf", contentType: "application/pdf", bytes: pdf),
            MailAttachment(fileName: "statement_2026-10_Проект-Zoë-" + String(repeating: "数据", count: 30) + ".pdf",
                           contentType: "application/pdf", bytes: Array(pdf.reversed())),
        ]
        let message = try Self.message(attachments: attachments)
        let bytes = try MIMEWriter.bytes(message)
        let parsed = try PythonEmail.parse(bytes: bytes)
        #expect((parsed["defects"] as? [String]) == [])
        #expect(parsed["bare_line_feeds"] as? Int == 0 && parsed["bare_carriage_returns"] as? Int == 0)
        #expect(parsed["eight_bit"] as? Bool == false)
        #expect((parsed["max_line_octets"] as? Int ?? 999) <= 78, "\(parsed["longest_line"] ?? "")")
        #expect(parsed["subject"] as? String == message.subject)
        #expect(parsed["from_name"] as? String == "Zoë's Research Computing — Статус")
        #expect(parsed["from_address"] as? String == "billing@northfield.example.edu")
        let to = try #require(parsed["to"] as? [[String: String]])
        #expect(to == [["name": "Zoë Ōkafor 陳", "address": "zoe.okafor@northfield.example.edu"]])
        #expect(parsed["message_id"] as? String == "<\(message.messageID)>")
        #expect(parsed["date_valid"] as? Bool == true)
        #expect(parsed["part_types"] as? [String] == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                                                      "application/pdf", "application/pdf"])
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.text)
        #expect((parsed["html"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.html)
        let files = try #require(parsed["attachments"] as? [[String: Any]])
        #expect(files.map { $0["filename"] as? String } == attachments.map(\.fileName))
        #expect(files.map { $0["sha256"] as? String } == attachments.map { SHA.hex($0.bytes) })
        #expect(files.allSatisfy { $0["content_type"] as? String == "application/pdf" })
    }

    @Test func withoutAttachmentsTheMessageIsMultipartAlternative() throws {
        let parsed = try PythonEmail.parse(bytes: try MIMEWriter.bytes(try Self.message(attachments: [])))
        #expect(parsed["content_type"] as? String == "multipart/alternative")
        #expect((parsed["defects"] as? [String]) == [])
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatMustBe() {
        let encoded = TransferEncoding.quotedPrintable("a = b \n" + String(repeating: "x", count: 200) + "\nÿ")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines[0] == "a =3D b=20")
        #expect(encoded.hasSuffix("=C3=BF\r\n"))
        #expect(TransferEncoding.base64(Array(repeating: 7, count: 200)).components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func aHeaderValueWithALineBreakStopsTheMessage() throws {
        var message = try Self.message(attachments: [])
        message.subject = "Statement\r\nBcc: everyone@example.edu"
        #expect(throws: MailError.lineBreakInHeader(origin: "email.subject_template", value: message.subject)) {
            try MIMEWriter.bytes(message)
        }
    }
}

enum SHA {
    static func hex(_ bytes: [UInt8]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
