extension MarkdownDocument {
    /// Parses `markdown` (GFM: tables, ~~strikethrough~~, autolinks) with the
    /// template blocks (`::: figures` …, see `TemplateBlockKind`). Dangerous
    /// link destinations are already emptied (`LinkSafety`) and the e-mail
    /// autolink markers removed (`EmailAutolinkGuard`). Never fails: cmark
    /// accepts any text; only an allocation failure gives an empty document.
    public static func parse(_ markdown: String) -> MarkdownDocument {
        var parser = MarkdownParser()
        return MarkdownDocument(parser.blocks(of: markdown))
    }
}

/// Markdown text → blocks: the template blocks (`:::`) are found line by
/// line, the Markdown between and inside them is parsed by cmark-gfm.
struct MarkdownParser {
    /// When set, what `MarkdownDocument.diagnose` reports is collected here.
    var diagnostics: [MarkdownDiagnostic]?
    /// Depth of `::: web-only`-like blocks around the lines being parsed (raw HTML there is never in a PDF).
    private var webOnlyDepth = 0

    init(diagnosing: Bool = false) {
        diagnostics = diagnosing ? [] : nil
    }

    mutating func blocks(of markdown: String) -> [MarkdownBlock] {
        // A page with no template block and no table: one parse of the whole text.
        guard markdown.contains(":::") || markdown.contains("\n|") else {
            return parse(markdown, firstLine: 1)
        }
        let lines = SourceLine.lines(of: markdown)
        return blocks(lines[...])
    }

    private mutating func blocks(_ lines: ArraySlice<SourceLine>) -> [MarkdownBlock] {
        var out: [MarkdownBlock] = []
        var runStart = lines.startIndex
        var index = lines.startIndex
        var code = CodeFenceTracker()
        while index < lines.endIndex {
            let line = lines[index]
            if code.isCode(line) {
                // Inside a fenced code block `:::` is code.
            } else if let opening = BlockFence(opening: line) {
                out += markdown(lines[runStart..<index])
                let close = closingLine(of: lines, openingAt: index)
                if close == lines.endIndex {
                    report(line.number, "::: \(opening.name) is not closed (expected a line of ::: after its content)")
                }
                out += block(opening, content: lines[(index + 1)..<close], line: line.number)
                index = close == lines.endIndex ? close : close + 1
                runStart = index
                continue
            } else if BlockFence.isClosing(line) {
                report(line.number, "::: closes no block (no ::: NAME above it is open)")
            }
            index += 1
        }
        out += markdown(lines[runStart..<index])
        return out
    }

    /// The index of the line closing the block opened at `start` (nested blocks and code fences skipped); `endIndex` if none.
    private func closingLine(of lines: ArraySlice<SourceLine>, openingAt start: Int) -> Int {
        var depth = 1
        var code = CodeFenceTracker()
        var index = start + 1
        while index < lines.endIndex {
            let line = lines[index]
            if code.isCode(line) {
                // Skipped.
            } else if BlockFence(opening: line) != nil {
                depth += 1
            } else if BlockFence.isClosing(line) {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return lines.endIndex
    }

    private mutating func markdown(_ lines: ArraySlice<SourceLine>) -> [MarkdownBlock] {
        guard !lines.isEmpty else { return [] }
        guard PlainTable.mayHoldTables(lines) else { return cmark(lines) }
        // Tables of plain cells are read here; cmark parses what is around them.
        var out: [MarkdownBlock] = []
        var runStart = lines.startIndex
        var index = lines.startIndex
        while index < lines.endIndex {
            if PlainTable.mayStart(lines, at: index), let (table, end) = PlainTable.read(lines, at: index) {
                out += cmark(lines[runStart..<index])
                out.append(.table(table))
                index = end
                runStart = end
            } else {
                index += 1
            }
        }
        return out + cmark(lines[runStart..<lines.endIndex])
    }

    private mutating func cmark(_ lines: ArraySlice<SourceLine>) -> [MarkdownBlock] {
        guard let first = lines.first, let last = lines.last, !lines.allSatisfy({ PlainTable.isBlank($0.text) }) else { return [] }
        // The lines are consecutive in the text they came from: one slice of it, not a join.
        return parse(String(first.text.base[first.text.startIndex..<last.text.endIndex]) + "\n", firstLine: first.number)
    }

    private mutating func parse(_ text: String, firstLine: Int) -> [MarkdownBlock] {
        parse(text) { firstLine - 1 + $0 }
    }

    /// `sourceLine`: a line of `text` → its line in the template (for raw HTML found in it).
    private mutating func parse(_ text: String, sourceLine: (Int) -> Int) -> [MarkdownBlock] {
        var conversion = CmarkConversion(lineOffset: 0, recordingRawHTML: diagnostics != nil)
        let blocks = CmarkGFM.withDocument(text) { root in conversion.blocks(under: root) } ?? []
        for (line, html) in conversion.rawHTML ?? [] {
            diagnostics?.append(MarkdownDiagnostic(line: sourceLine(line), kind: .rawHTML(html: html, webOnly: webOnlyDepth > 0)))
        }
        return blocks
    }

    private mutating func block(_ fence: BlockFence, content: ArraySlice<SourceLine>, line: Int) -> [MarkdownBlock] {
        guard let kind = fence.kind else {
            report(line, "unknown template block ::: \(fence.name) (expected one of: "
                   + TemplateBlockKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            return blocks(content)
        }
        switch kind {
        case .figures: return [.figures(definitions(content))]
        case .definitions: return [.definitions(definitions(content))]
        case .letterhead: return [.letterhead(blocks(content))]
        case .pdfOnly: return [.pdfOnly(blocks(content))]
        case .webOnly: return [.webOnly(webOnly(content))]
        case .downloads: return [.downloads(Self.downloads(webOnly(content)))]
        case .section: return [.section(MarkdownSection(id: fence.id, classes: fence.classes, blocks: blocks(content)))]
        case .chart:
            if fence.argument.isEmpty {
                report(line, "::: chart needs the chart's name (::: chart trend)")
            } else {
                diagnostics?.append(MarkdownDiagnostic(line: line, kind: .chart(name: fence.argument)))
            }
            return [.chart(name: fence.argument, caption: Self.caption(blocks(content)))]
        }
    }

    private mutating func webOnly(_ content: ArraySlice<SourceLine>) -> [MarkdownBlock] {
        webOnlyDepth += 1
        defer { webOnlyDepth -= 1 }
        return blocks(content)
    }

    /// Each term and value parsed as inline Markdown: all of them in one
    /// cmark parse, one paragraph each (one line per paragraph, blank lines between).
    private mutating func definitions(_ content: ArraySlice<SourceLine>) -> [MarkdownDefinition] {
        let lines = DefinitionLines(content)
        for number in lines.orphanLines {
            report(number, "a \": value\" line needs a term on the line above it")
        }
        var texts: [String] = []
        var lineNumbers: [Int] = []
        for entry in lines.entries {
            texts.append(entry.term)
            lineNumbers.append(entry.termLine)
            for definition in entry.definitions {
                texts.append(definition.text)
                lineNumbers.append(definition.line)
            }
        }
        let inlines = inlineLines(texts, lines: lineNumbers)
        var index = 0
        return lines.entries.map { entry in
            var item = MarkdownDefinition(term: inlines[index], classes: entry.termClasses, definitions: [])
            index += 1
            for definition in entry.definitions {
                item.definitions.append(MarkdownDefinitionValue(inlines[index], classes: definition.classes))
                index += 1
            }
            return item
        }
    }

    /// Each of `texts` (one line each) as inlines, in order.
    private mutating func inlineLines(_ texts: [String], lines: [Int]) -> [[MarkdownInline]] {
        let filled = texts.indices.filter { !texts[$0].isEmpty }
        var out = [[MarkdownInline]](repeating: [], count: texts.count)
        guard !filled.isEmpty else { return out }
        let joined = filled.map { texts[$0] }.joined(separator: "\n\n") + "\n"
        // Text k of the joined parse is on its line 2k + 1.
        let reported = diagnostics?.count ?? 0
        let parsed = parse(joined) { lines[filled[min(max($0 - 1, 0) / 2, filled.count - 1)]] }
        if parsed.count == filled.count {
            for (position, index) in filled.enumerated() { out[index] = Self.inlines(of: parsed[position]) }
        } else {
            // A line that reaches past itself (a code fence, say): each alone, reported again.
            if let count = diagnostics?.count { diagnostics?.removeLast(count - reported) }
            for index in filled { out[index] = parse(texts[index] + "\n", firstLine: lines[index]).first.map(Self.inlines) ?? [] }
        }
        return out
    }

    /// The inline content of a block made from one line.
    private static func inlines(of block: MarkdownBlock) -> [MarkdownInline] {
        switch block {
        case .paragraph(let inlines), .heading(_, let inlines): return inlines
        case .list(let list): return list.items.first?.first.map(inlines) ?? []
        case .blockQuote(let blocks): return blocks.first.map(inlines) ?? []
        case .codeBlock(_, let code): return [.text(code.trimmingSuffixNewlines)]
        case .html(let html): return [.html(html.trimmingSuffixNewlines)]
        default: return []
        }
    }

    /// A chart's caption: its paragraphs, joined.
    private static func caption(_ blocks: [MarkdownBlock]) -> [MarkdownInline] {
        var out: [MarkdownInline] = []
        for block in blocks {
            let inlines = Self.inlines(of: block)
            if !out.isEmpty, !inlines.isEmpty { out.append(.softBreak) }
            out += inlines
        }
        return out
    }

    /// The items of the lists in `blocks`: a link first, then what the file is.
    private static func downloads(_ blocks: [MarkdownBlock]) -> [MarkdownDownload] {
        var out: [MarkdownDownload] = []
        for case .list(let list) in blocks {
            for item in list.items {
                var inlines = item.first.map(Self.inlines) ?? []
                guard case .link(let destination, _, let name)? = inlines.first else {
                    out.append(MarkdownDownload(destination: "", name: [], about: inlines))
                    continue
                }
                inlines.removeFirst()
                if case .text(let text)? = inlines.first {
                    let trimmed = String(text.drop { $0 == " " })
                    if trimmed.isEmpty { inlines.removeFirst() } else { inlines[0] = .text(trimmed) }
                }
                out.append(MarkdownDownload(destination: destination, name: name, about: inlines))
            }
        }
        return out
    }

    private mutating func report(_ line: Int, _ message: String) {
        diagnostics?.append(MarkdownDiagnostic(line: line, kind: .error(message)))
    }
}

extension String {
    var trimmingSuffixNewlines: String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
