/// Reads one Tags cell in any of the encodings `FocusTags` accepts, straight
/// from the CSV bytes: one pass, no intermediate JSON tree, a `String` only
/// for each key and value kept.
struct TagsParser {
    let b: UnsafeRawBufferPointer
    var i = 0
    var stringBuffer: [UInt8] = []
    static let maxDepth = 64

    init(bytes: UnsafeRawBufferPointer) { b = bytes }

    typealias Error = FocusTags.ParseError

    func fail(_ expected: String) -> Error { Error(kind: .invalidJSON(offset: i, expected: expected)) }

    /// The whole cell: an object, a brace-less object (Azure) or a label list (Google).
    mutating func parseCell() throws(Error) -> [FocusTags.Tag] {
        skipSpace()
        guard i < b.count else { throw fail("a JSON object") }
        let tags: [FocusTags.Tag]
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            tags = try members(closedBy: UInt8(ascii: "}"))
        case UInt8(ascii: "\""):
            tags = try members(closedBy: nil)
        case UInt8(ascii: "["):
            tags = try labelList()
        default:
            throw otherJSONOrInvalid(expected: "\"{\"")
        }
        skipSpace()
        if i != b.count { throw fail("the end of the text after the tags") }
        return tags
    }

    /// Valid JSON of another shape is `.notAnObject`; anything else is
    /// invalid JSON, reported where the shape first went wrong.
    mutating func otherJSONOrInvalid(expected: String) -> Error {
        let problem = fail(expected)
        i = 0
        if (try? skipValue(depth: 0)) != nil {
            skipSpace()
            if i == b.count { return Error(kind: .notAnObject) }
        }
        return problem
    }

    // MARK: - Objects

    /// The members of an object after its `{`, up to and including `close`;
    /// with `close == nil` (Azure's brace-less form) up to the end of the text.
    mutating func members(closedBy close: UInt8?) throws(Error) -> [FocusTags.Tag] {
        var tags: [FocusTags.Tag] = []
        if let close, skip(to: close) { return tags }
        let afterBrace = close == nil ? "\",\"" : "\",\" or \"}\""
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
            let key = try parseString()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else {
                // A lone JSON string is valid JSON, but not tags.
                if close == nil && tags.isEmpty && i == b.count { throw Error(kind: .notAnObject) }
                throw fail("\":\" after a key")
            }
            i += 1
            skipSpace()
            if let value = try memberValue() { tags.append(.init(key: key, value: value)) }
            skipSpace()
            guard i < b.count else {
                if close == nil { return tags }
                throw fail(afterBrace)
            }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if let close, b[i] == close { i += 1; return tags }
            throw fail(afterBrace)
        }
    }

    /// One member value: a string unescaped, `null` as nil, anything else as its JSON text.
    mutating func memberValue() throws(Error) -> String? {
        guard i < b.count else { throw fail("a value") }
        let c = b[i]
        if c == UInt8(ascii: "\"") { return try parseString() }
        let start = i
        try skipValue(depth: 1)
        if c == UInt8(ascii: "n") { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    // MARK: - Label lists

    /// `[{"key": …, "value": …, "x_inherited": …}, …]` from its `[`. Other
    /// fields of a label (`x_type`, `x_namespace`) are checked and skipped;
    /// field names are matched case-insensitively (`Key`, `Value` too).
    mutating func labelList() throws(Error) -> [FocusTags.Tag] {
        i += 1
        var tags: [FocusTags.Tag] = []
        var inherited: [Bool] = []
        if skip(to: UInt8(ascii: "]")) { return tags }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "{") else {
                throw otherJSONOrInvalid(expected: "a label {\"key\": …, \"value\": …}")
            }
            i += 1
            guard let label = try label() else { throw otherJSONOrInvalid(expected: "a label with a string \"key\"") }
            if let value = label.value {
                tags.append(.init(key: label.key, value: value))
                inherited.append(label.inherited)
            }
            skipSpace()
            guard i < b.count else { throw fail("\",\" or \"]\"") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("\",\" or \"]\"")
        }
        guard inherited.contains(true) else { return tags }
        // An inherited label is shadowed by one set on the resource itself.
        var kept: [FocusTags.Tag] = []
        for (n, tag) in tags.enumerated() {
            if inherited[n] && tags.indices.contains(where: { !inherited[$0] && tags[$0].key == tag.key }) { continue }
            kept.append(tag)
        }
        return kept
    }

    /// The fields of one label after its `{`; nil when it has no string `key`
    /// (or two), which makes the cell valid JSON of the wrong shape.
    mutating func label() throws(Error) -> (key: String, value: String?, inherited: Bool)? {
        var key: String?
        var value: String?
        var inherited = false
        var shapeOK = true
        if skip(to: UInt8(ascii: "}")) { return nil }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
            let field = try parseString()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("\":\" after a key") }
            i += 1
            skipSpace()
            guard i < b.count else { throw fail("a value") }
            if Self.sameASCIILetters(field, "key") {
                if key != nil || b[i] != UInt8(ascii: "\"") { shapeOK = false; try skipValue(depth: 2) } else { key = try parseString() }
            } else if Self.sameASCIILetters(field, "value") {
                value = try memberValue()
            } else if Self.sameASCIILetters(field, "x_inherited") || Self.sameASCIILetters(field, "inherited") {
                inherited = b[i] == UInt8(ascii: "t")
                try skipValue(depth: 2)
            } else {
                try skipValue(depth: 2)
            }
            skipSpace()
            guard i < b.count else { throw fail("\",\" or \"}\"") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("\",\" or \"}\"")
        }
        guard shapeOK, let key else { return nil }
        return (key, value, inherited)
    }

    /// Whether `text` is `lowercaseName` up to ASCII case.
    static func sameASCIILetters(_ text: String, _ lowercaseName: StaticString) -> Bool {
        let n = lowercaseName.utf8CodeUnitCount
        guard text.utf8.count == n else { return false }
        let p = lowercaseName.utf8Start
        var k = 0
        for c in text.utf8 {
            let folded = c >= 65 && c <= 90 ? c + 32 : c
            if folded != p[k] { return false }
            k += 1
        }
        return true
    }

    // MARK: - JSON primitives

    /// Skips whitespace, then `byte` if it comes next.
    mutating func skip(to byte: UInt8) -> Bool {
        skipSpace()
        guard i < b.count, b[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func skipSpace() {
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1 } else { break }
        }
    }

    /// Parses a string starting at the opening quote; returns its unescaped text.
    mutating func parseString() throws(Error) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == 34 {
                i += 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<(i - 1)]), as: UTF8.self)
            }
            if c == 92 { break }
            if c < 0x20 { throw fail("no raw control character inside a string (use an escape like \\n)") }
            i += 1
        }
        guard i < b.count else { throw fail("a closing quote") }
        // Slow path: unescape into a buffer.
        stringBuffer.removeAll(keepingCapacity: true)
        stringBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == 34 {
                i += 1
                return String(decoding: stringBuffer, as: UTF8.self)
            }
            if c < 0x20 { throw fail("no raw control character inside a string (use an escape like \\n)") }
            if c != 92 {
                stringBuffer.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < b.count else { throw fail("an escape sequence") }
            let e = b[i]
            i += 1
            switch e {
            case 34: stringBuffer.append(34)
            case 92: stringBuffer.append(92)
            case 47: stringBuffer.append(47)
            case 98: stringBuffer.append(8)
            case 102: stringBuffer.append(12)
            case 110: stringBuffer.append(10)
            case 114: stringBuffer.append(13)
            case 116: stringBuffer.append(9)
            case 117:
                i -= 2
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 1 < b.count, b[i] == 92, b[i + 1] == 117 else {
                        throw fail("a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                    }
                    let low = try hex4()
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        i -= 6
                        throw fail("a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    i -= 6
                    throw fail("a high surrogate before a low surrogate")
                }
                appendUTF8(UInt32(scalar))
            default:
                i -= 1
                throw fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
        }
        throw fail("a closing quote")
    }

    /// Reads `\uXXXX` at `i` and moves past it.
    mutating func hex4() throws(Error) -> Int {
        i += 2  // "\u"
        guard i + 4 <= b.count else { throw fail("four hex digits after \\u") }
        var v = 0
        for k in 0..<4 {
            let c = b[i + k]
            let d: Int
            switch c {
            case 48...57: d = Int(c - 48)
            case 65...70: d = Int(c - 55)
            case 97...102: d = Int(c - 87)
            default: i += k; throw fail("four hex digits after \\u")
            }
            v = v * 16 + d
        }
        i += 4
        return v
    }

    mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            stringBuffer.append(UInt8(s))
        } else if s < 0x800 {
            stringBuffer.append(UInt8(0xC0 | (s >> 6)))
            stringBuffer.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            stringBuffer.append(UInt8(0xE0 | (s >> 12)))
            stringBuffer.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            stringBuffer.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            stringBuffer.append(UInt8(0xF0 | (s >> 18)))
            stringBuffer.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            stringBuffer.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            stringBuffer.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    /// Validates and skips one JSON value of any kind.
    mutating func skipValue(depth: Int) throws(Error) {
        guard depth < TagsParser.maxDepth else { throw fail("at most \(TagsParser.maxDepth) levels of nesting") }
        skipSpace()
        guard i < b.count else { throw fail("a value") }
        let c = b[i]
        switch c {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close: UInt8 = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipSpace()
            if i < b.count && b[i] == close { i += 1; return }
            while true {
                skipSpace()
                if close == UInt8(ascii: "}") {
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
                    try skipString()
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("\":\" after a key") }
                    i += 1
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard i < b.count else { throw fail("\",\" or \"\(Character(UnicodeScalar(close)))\"") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == close { i += 1; return }
                throw fail("\",\" or \"\(Character(UnicodeScalar(close)))\"")
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 48...57:
            try number()
        default:
            throw fail("a value (string, number, object, array, true, false or null)")
        }
    }

    /// Validates a string without making one (the common case has no escapes).
    mutating func skipString() throws(Error) {
        var j = i + 1
        while j < b.count {
            let c = b[j]
            if c == 34 { i = j + 1; return }
            if c == 92 || c < 0x20 { break }
            j += 1
        }
        _ = try parseString()
    }

    mutating func literal(_ word: StaticString) throws(Error) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("\(word)") }
        let p = word.utf8Start
        for k in 0..<n where b[i + k] != p[k] { throw fail("\(word)") }
        i += n
    }

    mutating func number() throws(Error) {
        @inline(__always) func isDigit(_ j: Int) -> Bool { j < b.count && b[j] >= 48 && b[j] <= 57 }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw fail("a digit") }
        if b[i] == 48 {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw fail("a digit after the decimal point") }
            while isDigit(i) { i += 1 }
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { throw fail("a digit in the exponent") }
            while isDigit(i) { i += 1 }
        }
    }
}
