/// The template blocks a page template may write, each as
///
/// ```
/// ::: NAME [ARGUMENT] [#id] [.class …]
/// content
/// :::
/// ```
///
/// (three or more colons; blocks nest; a closing line closes the innermost
/// open block). The HTML page and the PDF both understand each of them, so a
/// template needs no raw HTML for the parts a statement is made of.
public enum TemplateBlockKind: String, Sendable, CaseIterable {
    /// Cards of headline amounts. Content: a definition list (below); the
    /// term marked `{.due}` is the amount to pay, shown largest.
    case figures
    /// Terms and values (`<dl>` on the page, two columns in the PDF). Content: a definition list.
    case definitions
    /// The PDF's letterhead (top of page 1); hidden on the web page. Content: Markdown (the logo image).
    case letterhead
    /// On the web page only. Content: Markdown.
    case webOnly = "web-only"
    /// In the PDF only. Content: Markdown.
    case pdfOnly = "pdf-only"
    /// Download links with what each file is; web page only. Content: a list,
    /// each item a link followed by its description.
    case downloads
    /// The page's chart named by the argument (`::: chart trend`). Content: its caption (one paragraph).
    case chart
    /// A part of the page (`<section>`), e.g. one project; `#id` is its anchor. Content: Markdown.
    case section
}

/// One entry of a definition list inside `::: figures` or `::: definitions`:
///
/// ```
/// Amount due {.due}
/// : USD 1,393.90
/// : 6.5% below list price
/// ```
///
/// A line starting with `: ` is a definition of the term above it; any other
/// line starts a new term; blank lines are ignored. A line may end with
/// classes, `{.name …}`. Terms and definitions are one line of inline Markdown each.
public struct MarkdownDefinition: Sendable, Equatable {
    public var term: [MarkdownInline]
    /// Classes written after the term (`{.due}`).
    public var classes: [String]
    public var definitions: [MarkdownDefinitionValue]

    public init(term: [MarkdownInline], classes: [String] = [], definitions: [MarkdownDefinitionValue]) {
        self.term = term
        self.classes = classes
        self.definitions = definitions
    }
}

public struct MarkdownDefinitionValue: Sendable, Equatable {
    public var content: [MarkdownInline]
    /// Classes written after the value (`{.status .status-open}`).
    public var classes: [String]

    public init(_ content: [MarkdownInline], classes: [String] = []) {
        self.content = content
        self.classes = classes
    }
}

/// One item of `::: downloads`: `- [name](href) what the file is`.
public struct MarkdownDownload: Sendable, Equatable {
    /// "" when the item does not start with a link.
    public var destination: String
    public var name: [MarkdownInline]
    public var about: [MarkdownInline]

    public init(destination: String, name: [MarkdownInline], about: [MarkdownInline]) {
        self.destination = destination
        self.name = name
        self.about = about
    }
}

public struct MarkdownSection: Sendable, Equatable {
    /// "" for none.
    public var id: String
    public var classes: [String]
    public var blocks: [MarkdownBlock]

    public init(id: String = "", classes: [String] = [], blocks: [MarkdownBlock]) {
        self.id = id
        self.classes = classes
        self.blocks = blocks
    }
}
