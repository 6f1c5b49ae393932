import ChargebackMarkdown

/// Markdown → readable plain text (the text part of an e-mail): the same
/// parse as the HTML (`MarkdownDocument`), written by `DocumentPlainText`.
public enum MarkdownPlainText {
    public static func render(_ markdown: String) -> String {
        DocumentPlainText.render(MarkdownDocument.parse(markdown))
    }
}
