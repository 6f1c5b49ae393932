import Foundation

/// Content-Transfer-Encodings that keep every line ≤ 76 octets plus CRLF.
enum TransferEncoding {
    /// Base64 in lines of 76 characters, each ended by CRLF.
    static func base64(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var out = ""
        out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += String(decoding: encoded[start..<end], as: UTF8.self) + "\r\n"
            start = end
        }
        return out
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text whose line breaks
    /// (LF, CRLF or CR) become CRLF; encoded lines are soft-broken before 76
    /// characters, and a space or tab ending a line is encoded.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out = ""
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var current = ""
            for (i, byte) in bytes.enumerated() {
                let last = i == bytes.count - 1
                let token: String
                if (byte == 0x20 || byte == 0x09) && !last {
                    token = String(UnicodeScalar(byte))
                } else if byte >= 33 && byte <= 126 && byte != 0x3D {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = "=" + hex(byte)
                }
                if current.utf8.count + token.utf8.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            out += current + "\r\n"
        }
        return out
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
