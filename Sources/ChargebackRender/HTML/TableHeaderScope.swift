import CCmarkGFM

/// Gives every header cell of a GFM table `scope="col"`, so screen readers
/// announce a body cell with its column heading. cmark-gfm writes `<th>`
/// only for a table's header row and has no way to add attributes, so:
/// before rendering, each header cell gets a marker as its first child (an
/// inline HTML comment); after rendering, the `<th …>` just before each
/// marker gets the attribute and the marker goes. Only cells cmark itself
/// produced carry the marker: a `<th>` the theme author wrote as raw HTML is
/// left as written, and data cannot forge the marker because data reaches
/// Markdown with `<` escaped.
enum TableHeaderScope {
    static let marker = "<!--openchargeback:th-->"

    static func markHeaderCells(in root: OpaquePointer) {
        var cells: [OpaquePointer] = []
        // Collect first, change after: the tree must not change under the iterator.
        guard let iterator = cmark_iter_new(root) else { return }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                  let node = cmark_iter_get_node(iterator),
                  typeName(of: node) == "table_cell",
                  let row = cmark_node_parent(node),
                  typeName(of: row) == "table_header"
            else { continue }
            cells.append(node)
        }
        cmark_iter_free(iterator)

        for cell in cells {
            guard let comment = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(comment, marker)
            if cmark_node_prepend_child(cell, comment) == 0 { cmark_node_free(comment) }
        }
    }

    /// Rendered HTML with each marked `<th…>` given `scope="col"` and the
    /// markers removed.
    ///
    /// Works on UTF-8 bytes: Swift's String search compares Characters, and
    /// a cell that starts with a combining mark makes the marker's closing
    /// `>` and that mark one Character, so the marker would not be found.
    static func addScope(to html: String) -> String {
        let bytes = Array(html.utf8)
        let markerBytes = Array(marker.utf8)
        let found = positions(of: markerBytes, in: bytes)
        guard !found.isEmpty else { return html }
        let scope = Array(" scope=\"col\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + found.count * scope.count)
        var start = 0
        for position in found {
            // What precedes a marker ends with the `<th>` or
            // `<th style="text-align: …">` cmark wrote for the marked cell.
            if let open = lastOpenTag(in: bytes, from: start, before: position) {
                out.append(contentsOf: bytes[start..<open + 3])
                out.append(contentsOf: scope)
                out.append(contentsOf: bytes[(open + 3)..<position])
            } else {
                out.append(contentsOf: bytes[start..<position])
            }
            start = position + markerBytes.count
        }
        out.append(contentsOf: bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Start of every occurrence of `needle` (a page has a few thousand
    /// bytes per table row; this runs once per page, so it is a plain scan).
    static func positions(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }

    /// The last `<th` in `bytes[from..<before]`.
    private static func lastOpenTag(in bytes: [UInt8], from: Int, before: Int) -> Int? {
        var i = before - 3
        while i >= from {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "t"), bytes[i + 2] == UInt8(ascii: "h") { return i }
            i -= 1
        }
        return nil
    }

    private static func typeName(of node: OpaquePointer) -> String? {
        cmark_node_get_type_string(node).map { String(cString: $0) }
    }
}
