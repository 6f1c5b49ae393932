import ChargebackCore
import Mustache

/// The Mustache content type of journal templates: every `{{value}}` is a
/// whole CSV cell, quoted when needed and neutralised when it would start a
/// spreadsheet formula (`CSVCell.escape`). `{{{value}}}` writes it verbatim.
struct CSVText: MustacheContentType {
    static let name = "CSV"

    func escapeText(_ text: String) -> String { CSVCell.escape(text) }

    static func register() { registration }

    /// A Swift global initialises once, thread-safely.
    private static let registration: Void = MustacheContentTypes.register(CSVText(), named: name)
}
