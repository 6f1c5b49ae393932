import CCmarkGFM
import Foundation

/// Parsing with libcmark-gfm, safely from many threads. Every parse in the
/// process goes through here (the site's HTML and the PDF statements).
public enum CmarkGFM {
    /// A parsed document and the parser that owns its extension list. The
    /// caller frees both (`cmark_node_free`, `cmark_parser_free`).
    public struct Document {
        public let parser: OpaquePointer
        public let root: OpaquePointer
    }

    /// `cmark_gfm_core_extensions_ensure_registered` checks and sets a plain
    /// C flag; a Swift global is initialised exactly once, thread-safely.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    public static func ensureExtensionsRegistered() {
        registration
    }

    /// libcmark-gfm 0.29.0.gfm.6 keeps the inline parser's table of special
    /// characters in process-wide arrays, and every parse adds its
    /// extensions' characters (`~`, `:`, `w`, `|`) to it and removes them
    /// again when done (`cmark_manage_extensions_special_characters`, called
    /// from `cmark_parser_finish` and for every table row). Two parses at
    /// once therefore race: one removes `~` while the other is still looking
    /// for it, and strikethrough or autolinks silently go missing. Parses
    /// take turns; rendering the tree to HTML touches no global state and
    /// runs in parallel.
    private static let parseLock = NSLock()

    /// A fresh parser per call (parsers are not shareable), with the named
    /// registered extensions attached. nil only if libcmark-gfm cannot
    /// allocate.
    public static func parse(_ markdown: String, options: Int32, extensions: [String]) -> Document? {
        guard let parser = cmark_parser_new(options) else { return nil }
        for name in extensions {
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
        guard let root else {
            cmark_parser_free(parser)
            return nil
        }
        return Document(parser: parser, root: root)
    }
}
