/// The `Tags` cell of a FOCUS row: key/value pairs, in one of the encodings
/// real exports write (see docs/focus.md):
/// - a JSON object, `{"pi_email": "ada@uni.edu"}` (FOCUS; AWS, Azure, OCI);
/// - an object without its braces, `"pi_email": "ada@uni.edu","env": "prod"`
///   (the Tags column of Azure's older actual/amortized cost exports);
/// - a list of labels, `[{"key": "pi_email", "value": "ada@uni.edu", …}]`
///   (Google Cloud's FOCUS BigQuery view, exported with `TO_JSON_STRING`).
///   A label marked `"x_inherited": true` (a project label) gives way to a
///   label of the same key set on the resource itself, as FOCUS's tag
///   finalization prescribes.
///
/// Keys are exact JSON keys: `"org"` and `" org"` are two tags. The pairs are
/// kept in the order written; string values are unescaped, numbers and
/// booleans kept as their JSON text (`1.50`, `true`), nested objects and
/// arrays as their raw JSON text; a `null` value means the tag is absent.
/// FOCUS requires unique keys, but a key written twice is not refused here:
/// JSON parsers disagree on which value wins, so `MappedTags` decides what a
/// repeat means for billing (nothing, unless it is a mapped tag with two
/// different values). Values are kept literally, whatever they contain
/// (`<script>`, `=cmd`, `../`, `|`, any Unicode): escaping is the renderer's job.
///
/// Parsed by a small byte-level parser (`TagsParser`): ingest runs it once
/// per distinct cell. Errors: not valid UTF-8, invalid JSON, or valid JSON of
/// another shape.
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

    /// The value of the first tag whose key is exactly `key`.
    public subscript(key: String) -> String? {
        for tag in tags where tag.key == key { return tag.value }
        return nil
    }

    public struct ParseError: Error, Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// Valid JSON, but neither an object nor a list of labels.
            case notAnObject
            case invalidJSON(offset: Int, expected: String)
            case invalidUTF8
        }
        public var kind: Kind

        static let expectation = "a JSON object of tags (or a list of {\"key\": …, \"value\": …} labels)"

        /// The message for an `InputError`, quoting the offending cell.
        public func message(got quotedValue: String) -> String {
            switch kind {
            case .notAnObject:
                return "expected \(Self.expectation), got \(quotedValue)"
            case .invalidJSON(let offset, let expected):
                return "expected \(Self.expectation), got \(quotedValue) (invalid JSON at character \(offset + 1): expected \(expected))"
            case .invalidUTF8:
                return "expected \(Self.expectation) in UTF-8, got invalid UTF-8 \(quotedValue)"
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
        var parser = TagsParser(bytes: bytes)
        let tags = try parser.parseCell()
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
        var parser = TagsParser(bytes: bytes)
        parser.i = offset
        let text = try parser.parseString()
        return (text, parser.i)
    }
}
