import CCmarkGFM
import Foundation

/// Keeps the GFM autolink extension from turning an `@` in data into an
/// e-mail link (`jane@evil.example`, `mailto:…`, `xmpp:…`).
///
/// Character references do not help here. URL and `www.` autolinks are
/// recognised while inlines are parsed, in the raw source, where data's `:`
/// and `.` are still `&#58;` and `&#46;`. E-mail links are found afterwards:
/// the extension merges adjacent text nodes and searches the decoded text
/// for `@`, where the reference has become a plain `@`.
///
/// So `MarkdownEscaping.escape` puts a marker on both sides of every `@` it
/// escapes: U+FDD0, a Unicode noncharacter (reserved for a program's
/// internal use, never meaningful text). The extension accepts only ASCII
/// letters, digits and `.+-_` next to the `@` of an address, so a marked `@`
/// never starts a link. `CmarkGFM.withDocument` removes every marker from
/// the parsed tree before anything renders it (HTML or PDF), so the value
/// shows exactly.
public enum EmailAutolinkGuard {
    /// Swift accepts no noncharacter in a literal; U+FDD0 is a valid scalar,
    /// so the fallback is never taken.
    public static let marker: Unicode.Scalar = Unicode.Scalar(0xFDD0 as UInt32) ?? "\u{FFFD}"
    /// What `MarkdownEscaping.escape` writes for `@`.
    public static let escapedAt = "\(marker)&#64;\(marker)"

    /// Removes the marker from all text, raw HTML, code, link destinations
    /// and titles in the tree (data may sit in any of them).
    static func removeMarkers(in root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                  let node = cmark_iter_get_node(iterator)
            else { continue }
            // Changing a node's strings leaves the tree's shape, which the
            // iterator follows, as it is.
            clean(node, get: cmark_node_get_literal, set: cmark_node_set_literal)
            clean(node, get: cmark_node_get_url, set: cmark_node_set_url)
            clean(node, get: cmark_node_get_title, set: cmark_node_set_title)
            clean(node, get: cmark_node_get_fence_info, set: cmark_node_set_fence_info)
        }
    }

    private static let markerUTF8 = String(marker)

    private static func clean(
        _ node: OpaquePointer,
        get: (OpaquePointer?) -> UnsafePointer<CChar>?,
        set: (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    ) {
        // strstr keeps the common case (no marker) free of Swift strings.
        guard let value = get(node), strstr(value, markerUTF8) != nil else { return }
        var cleaned = String(cString: value)
        cleaned.unicodeScalars.removeAll { $0 == marker }
        _ = set(node, cleaned)
    }
}
