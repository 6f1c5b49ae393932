/// Empties the destination of any Markdown link or image whose URL would run
/// script or reach outside the site (`javascript:`, `vbscript:`, `file:`,
/// `data:` other than an image) — what cmark's safe mode does, which we
/// cannot use because it also drops the theme's raw HTML. Applied to every
/// parsed document, so no renderer sees such a destination.
///
/// `MarkdownEscaping.escape` keeps data from *forming* a link, but a template
/// that puts a data value at the very start of a destination,
/// `[console]({{url}})`, still hands the browser whatever URL the data
/// spells. Character references are decoded by the parser before this
/// check, so `javascript&#58;` is caught too.
enum LinkSafety {
    /// `url`, or "" when it is dangerous.
    static func neutralised(_ url: String) -> String {
        isDangerous(url) ? "" : url
    }

    /// Reads the scheme the way a browser's URL parser does: leading
    /// spaces and control characters skipped, tabs and newlines anywhere
    /// ignored, ASCII case folded. Bytes, not Characters: `:` followed by a
    /// combining mark is one Character but still a colon to a browser.
    static func isDangerous(_ url: String) -> Bool {
        // Most destinations are relative paths: no colon, no scheme.
        guard url.utf8.contains(UInt8(ascii: ":")) else { return false }
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
