/// Images for the image tests, made here so no binary fixture is needed: a
/// PNG written byte by byte (stored deflate, so no zlib) and SVG text.
enum TestImages {
    /// A `width` × `height` RGB PNG: a dark band on the left third, white elsewhere.
    static func png(width: Int, height: Int) -> [UInt8] {
        var raw: [UInt8] = []
        for _ in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width {
                raw += x < width / 3 ? [0x1F, 0x3A, 0x5F] : [0xFF, 0xFF, 0xFF]
            }
        }
        var ihdr = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        ihdr += [8, 2, 0, 0, 0]  // 8-bit RGB, deflate, no filter method, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", ihdr) + chunk("IDAT", storedZlib(raw)) + chunk("IEND", [])
    }

    /// An SVG whose text pdftotext can find once it is drawn as vectors.
    static func svg(width: Int? = 240, height: Int? = 48, text: String = "Letterhead Logo Text", extra: String = "") -> [UInt8] {
        let size = [width.map { "width=\"\($0)\"" }, height.map { "height=\"\($0)\"" }].compactMap { $0 }.joined(separator: " ")
        let viewBox = width != nil || height != nil ? "viewBox=\"0 0 240 48\"" : ""
        return Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \(size) \(viewBox)>
        <rect x="0" y="0" width="48" height="48" fill="#1f3a5f"/>
        <text x="60" y="32" font-family="DejaVu Sans" font-size="16">\(text)</text>
        \(extra)
        </svg>
        """.utf8)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
