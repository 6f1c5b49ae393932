/// The `Tags` cell of a FOCUS row: a JSON object of key/value pairs.
///
/// Parsed by a small byte-level JSON parser (the ingest hot path runs it once
/// per row). The full cell text is kept in `raw`; `tags` holds the pairs in
/// the order written, keys trimmed of surrounding whitespace:
/// - string values are unescaped (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
///   `\t`, `\uXXXX` including surrogate pairs);
/// - numbers, `true` and `false` become their JSON text (`1.50`, `true`);
/// - `null` means the tag is absent (no pair);
/// - nested objects and arrays are kept as their raw JSON text.
///
/// Values are kept literally, whatever they contain (`<script>`, `=cmd`,
/// `../`, `|`, any Unicode): escaping them is the renderer's job.
///
/// Errors: not valid UTF-8, invalid JSON, valid JSON that is not an object,
/// an empty key, or the same key twice after trimming.
public struct FocusTags: Hashable, Sendable {
    public struct Tag: Hashable, Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The cell text as given (`""` when the cell was empty or NULL).
    public let raw: String
    /// The pairs, in the order written.
    public let tags: [Tag]

    public static let empty = FocusTags(raw: "", tags: [])

    public init(raw: String, tags: [Tag]) {
        self.raw = raw
        self.tags = tags
    }

    public var isEmpty: Bool { tags.isEmpty }
    public var count: Int { tags.count }
    public var keys: [String] { tags.map(\.key) }

    /// The value of `key` (matched exactly, against the trimmed keys).
    public subscript(key: String) -> String? {
        for tag in tags where tag.key == key { return tag.value }
        return nil
    }

    public struct ParseError: Error, Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case notAnObject
            case invalidJSON(offset: Int, expected: String)
            case invalidUTF8
            case emptyKey
            case duplicateKey(String)
        }
        public var kind: Kind

        /// The message for an `InputError`, quoting the offending cell.
        public func message(got quotedValue: String) -> String {
            switch kind {
            case .notAnObject:
                return "expected a JSON object, got \(quotedValue)"
            case .invalidJSON(let offset, let expected):
                return "expected a JSON object, got \(quotedValue) (invalid JSON at character \(offset + 1): expected \(expected))"
            case .invalidUTF8:
                return "expected a JSON object in UTF-8, got invalid UTF-8 \(quotedValue)"
            case .emptyKey:
                return "expected a JSON object with non-empty keys, got \(quotedValue)"
            case .duplicateKey(let key):
                return "duplicate key \(FocusText.quote(key)) (keys are compared after trimming spaces) in \(quotedValue)"
            }
        }
    }

    public init(parsing text: String) throws(ParseError) {
        var text = text
        let result: Result<FocusTags, ParseError> = text.withUTF8 { b in
            Result { () throws(ParseError) -> FocusTags in try FocusTags.parse(UnsafeRawBufferPointer(b)) }
        }
        self = try result.get()
    }

    /// Parses the bytes of a Tags cell.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> FocusTags {
        guard UTF8Check.isValid(bytes) else { throw ParseError(kind: .invalidUTF8) }
        var parser = JSONObjectParser(bytes: bytes)
        let tags = try parser.parseTopLevel()
        return FocusTags(raw: String(decoding: bytes, as: UTF8.self), tags: tags)
    }
}

/// A JSON string literal decoded by the same code as a Tags cell's strings
/// (escapes, surrogate pairs, no raw control characters), for other JSON
/// readers (ChargebackConvert's settings files).
public enum JSONStringLiteral {
    /// Decodes the literal whose opening quote is at `offset`: the text and
    /// the offset just past its closing quote. Errors are `.invalidJSON` with
    /// the offset of the problem and what was expected there.
    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FocusTags.ParseError) -> (text: String, end: Int) {
        var parser = JSONObjectParser(bytes: bytes)
        parser.i = offset
        let text = try parser.parseString(trim: false)
        return (text, parser.i)
    }
}

/// A minimal JSON parser for one object; values other than strings are kept as text.
struct JSONObjectParser {
    let b: UnsafeRawBufferPointer
    var i = 0
    var stringBuffer: [UInt8] = []
    static let maxDepth = 64

    init(bytes: UnsafeRawBufferPointer) { b = bytes }

    typealias Error = FocusTags.ParseError

    func fail(_ expected: String) -> Error { Error(kind: .invalidJSON(offset: i, expected: expected)) }

    mutating func skipSpace() {
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1 } else { break }
        }
    }

    mutating func parseTopLevel() throws(Error) -> [FocusTags.Tag] {
        skipSpace()
        guard i < b.count else { throw fail("a JSON object") }
        if b[i] != UInt8(ascii: "{") {
            // Valid JSON of another kind is "not an object"; anything else is invalid JSON.
            let start = i
            if (try? skipValue(depth: 0)) != nil {
                skipSpace()
                if i == b.count { throw Error(kind: .notAnObject) }
            }
            i = start
            throw fail("\"{\"")
        }
        i += 1
        var tags: [FocusTags.Tag] = []
        var seen: Set<String>? = nil
        var allKeys: [String] = []
        skipSpace()
        if i < b.count && b[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
                let key = try parseString(trim: true)
                if key.isEmpty { throw Error(kind: .emptyKey) }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("\":\" after a key") }
                i += 1
                skipSpace()
                guard i < b.count else { throw fail("a value") }
                let value: String?
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    value = try parseString(trim: false)
                } else {
                    let start = i
                    try skipValue(depth: 1)
                    if c == UInt8(ascii: "n") {
                        value = nil  // null: the tag is absent
                    } else {
                        value = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                    }
                }
                // Duplicate keys are an error even when one of them is null.
                // Linear search for the usual handful of tags, a set beyond.
                if seen == nil && allKeys.count >= 16 { seen = Set(allKeys) }
                if seen != nil {
                    if !seen!.insert(key).inserted { throw Error(kind: .duplicateKey(key)) }
                } else if allKeys.contains(key) {
                    throw Error(kind: .duplicateKey(key))
                }
                allKeys.append(key)
                if let value { tags.append(.init(key: key, value: value)) }
                skipSpace()
                guard i < b.count else { throw fail("\",\" or \"}\"") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("\",\" or \"}\"")
            }
        }
        skipSpace()
        if i != b.count { throw fail("the end of the text after the object") }
        return tags
    }

    /// Parses a string starting at the opening quote; returns its unescaped text.
    mutating func parseString(trim: Bool) throws(Error) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == 34 {
                var s = start
                var e = i
                i += 1
                if trim {
                    while s < e, isSpace(b[s]) { s += 1 }
                    while e > s, isSpace(b[e - 1]) { e -= 1 }
                }
                return String(decoding: UnsafeRawBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
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
                var s = 0
                var e = stringBuffer.count
                if trim {
                    while s < e, isSpace(stringBuffer[s]) { s += 1 }
                    while e > s, isSpace(stringBuffer[e - 1]) { e -= 1 }
                }
                return String(decoding: stringBuffer[s..<e], as: UTF8.self)
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

    func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    /// Validates and skips one JSON value of any kind.
    mutating func skipValue(depth: Int) throws(Error) {
        guard depth < JSONObjectParser.maxDepth else { throw fail("at most \(JSONObjectParser.maxDepth) levels of nesting") }
        skipSpace()
        guard i < b.count else { throw fail("a value") }
        let c = b[i]
        switch c {
        case UInt8(ascii: "\""):
            _ = try parseString(trim: false)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close: UInt8 = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipSpace()
            if i < b.count && b[i] == close { i += 1; return }
            while true {
                skipSpace()
                if close == UInt8(ascii: "}") {
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
                    _ = try parseString(trim: false)
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
