import CCmarkGFM
import Foundation

/// libcmark-gfm, used safely from many threads. Every parse in the process
/// goes through here; the tree it makes never leaves `withDocument`.
package enum CmarkGFM {
    /// Tables, ~~strikethrough~~ and autolinks. The tag filter is applied
    /// when HTML is written (`TagFilter`), not here: it is a rendering rule.
    static let extensionNames = ["table", "strikethrough", "autolink"]

    /// `cmark_gfm_core_extensions_ensure_registered` checks and sets a plain
    /// C flag; a Swift global is initialised exactly once, thread-safely.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    /// libcmark-gfm 0.29.0.gfm.6 keeps the inline parser's table of special
    /// characters in process-wide arrays, and every parse adds its
    /// extensions' characters (`~`, `:`, `w`, `|`) to it and removes them
    /// again when done (`cmark_manage_extensions_special_characters`, called
    /// from `cmark_parser_finish` and for every table row). Two parses at
    /// once therefore race: one removes `~` while the other is still looking
    /// for it, and strikethrough or autolinks silently go missing. Parses
    /// take turns; reading the tree touches no global state and runs in parallel.
    private static let parseLock = NSLock()

    /// `body` while no parse runs: for a test that parses with libcmark-gfm
    /// directly (as a reference) without racing the parses made here.
    package static func takingTurns<T>(_ body: () throws -> T) rethrows -> T {
        try parseLock.withLock(body)
    }

    /// `body` on the root of `markdown`'s tree (e-mail autolink markers
    /// already removed); the tree is freed when `body` returns. nil only if
    /// libcmark-gfm cannot allocate.
    static func withDocument<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T? {
        registration
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var text = markdown
        let root: OpaquePointer? = parseLock.withLock {
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
                }
            }
            return cmark_parser_finish(parser)
        }
        guard let root else { return nil }
        defer { cmark_node_free(root) }
        EmailAutolinkGuard.removeMarkers(in: root)
        return body(root)
    }

    /// The node types the extensions registered (process-wide, fixed once
    /// registered), read off a parsed sample so nodes are told apart by an
    /// integer rather than by comparing type names.
    struct ExtensionTypes: @unchecked Sendable {
        var table = CMARK_NODE_NONE
        var tableRow = CMARK_NODE_NONE
        var tableCell = CMARK_NODE_NONE
        var strikethrough = CMARK_NODE_NONE
    }

    static let extensionTypes: ExtensionTypes = {
        var types = ExtensionTypes()
        _ = withDocument("| a |\n|---|\n| b |\n\n~~c~~\n") { root in
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                guard let node = cmark_iter_get_node(iterator), let name = cmark_node_get_type_string(node) else { continue }
                switch String(cString: name) {
                case "table": types.table = cmark_node_get_type(node)
                case "table_row", "table_header": types.tableRow = cmark_node_get_type(node)
                case "table_cell": types.tableCell = cmark_node_get_type(node)
                case "strikethrough": types.strikethrough = cmark_node_get_type(node)
                default: break
                }
            }
        }
        return types
    }()
}
