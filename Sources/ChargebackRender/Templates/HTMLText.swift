import ChargebackMarkdown
import Mustache

/// A drop-in for swift-mustache's own "HTML" content type (the escaping of
/// `{{value}}` in theme layouts) that cannot be slipped past with a
/// combining mark.
///
/// swift-mustache 2.1.1 escapes `<`, `>`, `&`, `"` and `'`, but compares
/// whole Swift `Character`s: `"` followed by a combining mark (U+0301) is one
/// grapheme that is not equal to `"`, so it passes unescaped, and the
/// browser, which reads code points, sees a quote that ends the attribute:
/// `title="{{v}}"` with `v = "x\"\u{301} onmouseover=alert(1) y"` gains an
/// event handler. This type escapes by Unicode scalar instead (`XMLText`).
///
/// swift-mustache starts every template with its built-in HTML escaping and
/// only consults the registry for a `{{% CONTENT_TYPE: HTML}}` pragma, so a
/// layout is protected only if its text starts with that pragma (the layout
/// loader can prepend it).
public struct HTMLText: MustacheContentType {
    public static let name = "HTML"

    public init() {}

    public func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// Replaces swift-mustache's "HTML" content type with this one; calling
    /// again does nothing.
    public static func register() {
        registration
    }

    private static let registration: Void = MustacheContentTypes.register(HTMLText(), named: name)

    /// `s` safe as HTML text and as a quoted attribute value (`XMLText.escape`, by byte, so by scalar).
    public static func escape(_ s: String) -> String {
        XMLText.escape(s)
    }
}
