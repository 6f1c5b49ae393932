import CCmarkGFM
import ChargebackMarkdown

/// Markdown → readable plain text (the text part of an e-mail): the same
/// parse as the HTML (`StatementMarkdown`), rendered by cmark-gfm's
/// plain-text renderer, with each link's address written after its text
/// when the text is not the address already.
public enum MarkdownPlainText {
    public static func render(_ markdown: String) -> String {
        MarkdownHTML.withDocument(markdown, options: CMARK_OPT_DEFAULT) { document in
            for (link, url) in links(in: document.root) {
                guard let node = cmark_node_new(CMARK_NODE_TEXT) else { continue }
                cmark_node_set_literal(node, " <" + url + ">")
                if cmark_node_insert_after(link, node) == 0 { cmark_node_free(node) }
            }
            guard let rendered = cmark_render_plaintext(document.root, CMARK_OPT_DEFAULT, 0) else { return "" }
            defer { cmark_get_default_mem_allocator().pointee.free(rendered) }
            return String(cString: rendered)
        } ?? ""
    }

    /// Links whose text differs from their address (collected first: the tree changes after).
    private static func links(in root: OpaquePointer) -> [(OpaquePointer, String)] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var out: [(OpaquePointer, String)] = []
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_LINK, let url = cmark_node_get_url(node).map({ String(cString: $0) }),
                  !url.isEmpty
            else { continue }
            if text(of: node) != url { out.append((node, url)) }
        }
        return out
    }

    private static func text(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            if let literal = cmark_node_get_literal(current) { out += String(cString: literal) }
            child = cmark_node_next(current)
        }
        return out
    }
}
