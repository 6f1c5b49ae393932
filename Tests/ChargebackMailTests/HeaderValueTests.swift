import Foundation
import Testing
@testable import ChargebackMail

@Suite struct HeaderValueTests {
    @Test func plainASCIIStaysAsItIs() throws {
        #expect(try HeaderValue.unstructured("Statement 2026-10 ready", origin: "subject") == "Statement 2026-10 ready")
        #expect(try HeaderValue.phrase("Research Computing", origin: "name") == "Research Computing")
        #expect(try HeaderValue.phrase("Billing, Research \"RC\"", origin: "name") == "\"Billing, Research \\\"RC\\\"\"")
    }

    @Test func nonASCIIBecomesEncodedWordsOfAtMost75CharactersSplitBetweenScalars() throws {
        let text = "Статус 2026-10 — Zoë 陳 👩🏽‍🔬 " + String(repeating: "é", count: 70)
        let encoded = try HeaderValue.unstructured(text, origin: "subject")
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 2)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let base64 = String(word.dropFirst(10).dropLast(2))
            let bytes = try #require(Data(base64Encoded: base64))
            // Each word on its own is valid UTF-8: no sequence is cut.
            #expect(String(validating: Array(bytes), as: UTF8.self) != nil)
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == text)
        // Text that looks like an encoded-word is encoded, so it cannot be misread.
        #expect(try HeaderValue.unstructured("=?UTF-8?B?AA==?=", origin: "s").hasPrefix("=?UTF-8?B?PT9"))
    }

    @Test func aLineBreakIsRefusedNamingWhereTheValueCameFrom() {
        for value in ["Billing\r\nBcc: all@example.edu", "a\nb", "a\rb"] {
            #expect(throws: MailError.lineBreakInHeader(origin: "email.from_name", value: value)) {
                try HeaderValue.phrase(value, origin: "email.from_name")
            }
        }
        let error = MailError.lineBreakInHeader(origin: "email.subject_template", value: "x\r\nBcc: y")
        #expect(error.description.contains("email.subject_template") && error.description.contains("x\\r\\nBcc: y"))
        #expect(throws: MailError.self) { try MailAddress(address: "pi@example.edu\r\nBcc: x@example.edu", origin: "pi_email") }
    }

    @Test func addressesMustBeASCIIWithOneAt() throws {
        #expect(try MailAddress(address: "ada@example.edu", origin: "o").domain == "example.edu")
        for bad in ["ada", "@example.edu", "ada@", "a b@example.edu", "a@b@c", "<a@b>", "zoë@example.edu"] {
            #expect(throws: MailError.self) { try MailAddress(address: bad, origin: "o") }
        }
    }

    @Test func datesAreRFC5322InUTC() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_795_000_000)) == "Wed, 18 Nov 2026 11:06:40 +0000")
    }

    @Test func messageIDsAreUniqueAtTheSendersDomain() {
        let ids = Set((0..<1000).map { _ in MessageID.make(domain: "example.edu") })
        #expect(ids.count == 1000)
        #expect(ids.allSatisfy { $0.hasSuffix("@example.edu") && $0.count == 32 + 12 })
    }
}
