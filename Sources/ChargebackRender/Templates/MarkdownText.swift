import ChargebackMarkdown
import Mustache

/// The Mustache content type of Markdown page templates: a template that
/// starts with `{{% CONTENT_TYPE: MARKDOWN}}` gets every `{{value}}` through
/// `MarkdownEscaping.escape`, so a tag value, resource name or project id
/// shows exactly as typed wherever the template puts it.
public struct MarkdownText: MustacheContentType {
    public static let name = "MARKDOWN"

    public init() {}

    public func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// Registers the content type with swift-mustache. Call before parsing
    /// any template that names it; calling again does nothing.
    public static func register() {
        registration
    }

    /// A Swift global initialises once, thread-safely.
    private static let registration: Void = MustacheContentTypes.register(MarkdownText(), named: name)

    /// `s` as Markdown text that renders literally wherever a template puts it (`MarkdownEscaping.escape`).
    public static func escape(_ s: String) -> String {
        MarkdownEscaping.escape(s)
    }
}
