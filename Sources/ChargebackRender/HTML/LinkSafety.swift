import CCmarkGFM

/// Empties the destination of any Markdown link or image whose URL would run
/// script or reach outside the site (`javascript:`, `vbscript:`, `file:`,
/// `data:` other than an image) — what cmark's safe mode does, which we
/// cannot use because it also drops the theme's raw HTML.
///
/// `MarkdownText.escape` keeps data from *forming* a link, but a template
/// that puts a data value at the very start of a destination,
/// `[console]({{url}})`, still hands the browser whatever URL the data
/// spells. Character references are decoded before this check, so
/// `javascript&#58;` is caught too.
enum LinkSafety {
    static func neutraliseDangerousDestinations(in root: OpaquePointer) {
        var unsafe: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                  let node = cmark_iter_get_node(iterator)
            else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                  let url = cmark_node_get_url(node)
            else { continue }
            if isDangerous(String(cString: url)) { unsafe.append(node) }
        }
        cmark_iter_free(iterator)
        for node in unsafe { cmark_node_set_url(node, "") }
    }

    /// Reads the scheme the way a browser's URL parser does: leading
    /// spaces and control characters skipped, tabs and newlines anywhere
    /// ignored, ASCII case folded. Bytes, not Characters: `:` followed by a
    /// combining mark is one Character but still a colon to a browser.
    static func isDangerous(_ url: String) -> Bool {
        let bytes = url.utf8
            .drop { $0 <= 0x20 }
            .filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            .map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        switch String(decoding: bytes[..<colon], as: UTF8.self) {
        case "javascript", "vbscript", "file":
            return true
        case "data":
            let rest = bytes[(colon + 1)...]
            return !safeImageTypes.contains { rest.starts(with: $0.utf8) }
        default:
            return false
        }
    }

    private static let safeImageTypes = ["image/png", "image/gif", "image/jpeg", "image/webp"]
}
