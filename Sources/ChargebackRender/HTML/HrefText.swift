/// A link destination inside `href="…"` / `src="…"`, percent-encoded the way
/// cmark-gfm does it (houdini's `escape_href`): letters, digits and
/// `-_.+!*(),%#@?=;:/$~` stay; `&` and `'` become entities; every other
/// byte (spaces, quotes, `<`, non-ASCII) becomes `%XX`. A destination never
/// closes its attribute.
enum HrefText {
    static func append(_ url: String, to out: inout [UInt8]) {
        for byte in url.utf8 {
            if safe[Int(byte)] {
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                out.append(contentsOf: ampersand)
            } else if byte == UInt8(ascii: "'") {
                out.append(contentsOf: apostrophe)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
    }

    private static let safe: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let ampersand = Array("&amp;".utf8)
    private static let apostrophe = Array("&#x27;".utf8)
}
