/// One line of a template, with its number in the text (1-based).
struct SourceLine {
    var text: Substring
    var number: Int

    /// The lines of `text` (a final line break ends the last line rather than starting an empty one).
    /// Split on the byte: `\r\n` is one Character, and searching Characters costs a grapheme walk per line.
    static func lines(of text: String) -> [SourceLine] {
        var out: [SourceLine] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                out.append(SourceLine(text: text[start..<index], number: out.count + 1))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start != bytes.endIndex { out.append(SourceLine(text: text[start..<bytes.endIndex], number: out.count + 1)) }
        return out
    }

    /// The line without a carriage return at its end and without up to three leading spaces
    /// (CommonMark's indentation allowance); nil when indented four or more (indented code).
    var content: Substring? {
        let bytes = text.utf8
        var start = bytes.startIndex
        var spaces = 0
        while start != bytes.endIndex, bytes[start] == UInt8(ascii: " ") {
            spaces += 1
            start = bytes.index(after: start)
        }
        guard spaces < 4 else { return nil }
        var end = bytes.endIndex
        if end != start, bytes[bytes.index(before: end)] == UInt8(ascii: "\r") { end = bytes.index(before: end) }
        return text[start..<end]
    }

    /// A space, tab or carriage return: what a blank line holds and what is trimmed from a line's ends.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// The first byte after up to three spaces: most lines are told apart by it alone.
    var firstByte: UInt8? {
        text.utf8.first { $0 != UInt8(ascii: " ") }
    }
}

/// The opening line of a template block: `::: NAME [ARGUMENT] [#id] [.class …]`.
struct BlockFence: Equatable {
    var name: String
    var argument: String
    var id: String
    var classes: [String]

    var kind: TemplateBlockKind? { TemplateBlockKind(rawValue: name) }

    /// Three or more colons, then a name; nil for anything else.
    init?(opening line: SourceLine) {
        guard line.firstByte == UInt8(ascii: ":"), let content = line.content else { return nil }
        let colons = content.prefix { $0 == ":" }.count
        guard colons >= 3 else { return nil }
        let words = content.dropFirst(colons).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, first.first?.isLetter == true,
              first.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        name = first.lowercased()
        var argument = "", id = "", classes: [String] = []
        for word in words.dropFirst() {
            // Values arrive escaped (`#project&#45;1`); only plain names are kept.
            let decoded = CharacterReferences.decode(String(word))
            if decoded.hasPrefix("#") {
                if Self.isName(decoded.dropFirst()) { id = String(decoded.dropFirst()) }
            } else if decoded.hasPrefix(".") {
                if Self.isName(decoded.dropFirst()) { classes.append(String(decoded.dropFirst())) }
            } else if argument.isEmpty {
                argument = decoded
            }
        }
        self.argument = argument
        self.id = id
        self.classes = classes
    }

    /// A line of three or more colons and nothing else.
    static func isClosing(_ line: SourceLine) -> Bool {
        guard line.firstByte == UInt8(ascii: ":"), let content = line.content else { return false }
        let colons = content.prefix { $0 == ":" }.count
        return colons >= 3 && content.dropFirst(colons).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// ASCII letters, digits, `-` and `_`: safe as an HTML id or class.
    static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// A fenced code block's opening line: inside one, `:::` is code, not a block.
struct CodeFence {
    let character: Character
    let length: Int

    init?(opening line: SourceLine) {
        guard line.firstByte == UInt8(ascii: "`") || line.firstByte == UInt8(ascii: "~"),
              let content = line.content, let first = content.first else { return nil }
        let run = content.prefix { $0 == first }.count
        guard run >= 3 else { return nil }
        // A backtick fence's info string holds no backtick (else it is inline code).
        if first == "`", content.dropFirst(run).contains("`") { return nil }
        character = first
        length = run
    }

    func isClosed(by line: SourceLine) -> Bool {
        guard line.firstByte == character.asciiValue, let content = line.content else { return false }
        let run = content.prefix { $0 == character }.count
        return run >= length && content.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// Follows fenced code blocks line by line: a line inside one (its fences included) is code.
struct CodeFenceTracker {
    private var open: CodeFence?

    mutating func isCode(_ line: SourceLine) -> Bool {
        if let fence = open {
            if fence.isClosed(by: line) { open = nil }
            return true
        }
        open = CodeFence(opening: line)
        return open != nil
    }
}
