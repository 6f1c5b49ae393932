/// The content of `::: figures` and `::: definitions`: terms, each followed
/// by `: value` lines, one line of inline Markdown each, optionally ending
/// in classes (`{.due}`). Read from the raw lines, where a value's `:` `{`
/// and `.` are still character references: data cannot make a term, a
/// definition or a class.
struct DefinitionLines {
    struct Entry {
        var term: String
        var termClasses: [String]
        var termLine: Int
        var definitions: [(text: String, classes: [String], line: Int)] = []
    }

    var entries: [Entry] = []
    /// Lines holding a `: value` before any term.
    var orphanLines: [Int] = []

    init(_ lines: ArraySlice<SourceLine>) {
        for line in lines {
            let text = line.text
            let trimmed = Substring(Self.trim(text))
            guard !trimmed.isEmpty else { continue }
            if trimmed.first == ":", trimmed.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true {
                let (value, classes) = Self.classes(of: trimmed.dropFirst())
                if entries.isEmpty {
                    orphanLines.append(line.number)
                } else {
                    entries[entries.count - 1].definitions.append((value, classes, line.number))
                }
            } else {
                let (term, classes) = Self.classes(of: trimmed)
                entries.append(Entry(term: term, termClasses: classes, termLine: line.number))
            }
        }
    }

    /// The line's text and the classes of a `{.a .b}` at its end (decoded, plain names only).
    static func classes(of line: Substring) -> (text: String, classes: [String]) {
        var text = line
        while let last = text.utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text = text.dropLast() }
        guard text.utf8.last == UInt8(ascii: "}"), let open = text.lastIndex(of: "{") else { return (trim(text), []) }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let words = inside.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { CharacterReferences.decode(String($0)) }
        guard !words.isEmpty, words.allSatisfy({ $0.hasPrefix(".") && BlockFence.isName($0.dropFirst()) }) else { return (trim(text), []) }
        // `{` must start the attribute block: at the line's start or after white space.
        if open != text.startIndex {
            let before = text[text.index(before: open)]
            guard before == " " || before == "\t" else { return (trim(text), []) }
        }
        return (trim(text[..<open]), words.map { String($0.dropFirst()) })
    }

    /// Without spaces and tabs at either end (by byte: a Character walk cost a tenth of a statement page, callgrind).
    private static func trim(_ s: Substring) -> String {
        let bytes = s.utf8
        guard let first = bytes.firstIndex(where: { !SourceLine.isBlank($0) }), let last = bytes.lastIndex(where: { !SourceLine.isBlank($0) })
        else { return "" }
        return String(s[first...last])
    }
}
