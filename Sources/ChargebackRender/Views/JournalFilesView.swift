import ChargebackCore

/// A period's journal files as the finance page and the period page list
/// them: link, what the file is, rows, totals, size and SHA-256; or why the GL is missing.
struct JournalFilesView: Sendable {
    struct File: Sendable {
        var name: String
        var title: String
        var href: String
        var rows: String
        /// "debit 1,234.56 = credit 1,234.56" for the GL, "billed 1,234.56" otherwise.
        var totals: String
        var size: String
        var sha256: String
    }

    var files: [File]
    var hasFiles: Bool
    var problems: [String]
    var hasProblems: Bool
    /// The statements' amounts due added up, formatted.
    var statementsTotal: String
}

extension JournalFilesView {
    init(_ finance: FinancePeriod, page: PageContext) {
        files = finance.files.map { file in
            let format = JournalFormat(rawValue: file.format)
            let totals = format == .gl
                ? "debit \(MoneyFormat.display(cents: file.debitCents, currency: "")) = credit \(MoneyFormat.display(cents: file.creditCents, currency: ""))"
                : "billed \(MoneyFormat.display(cents: file.debitCents, currency: ""))"
            return File(name: file.name, title: format?.title ?? file.format, href: page.link(file.path), rows: MoneyFormat.count(file.rows),
                        totals: totals, size: MoneyFormat.count(file.bytes) + " bytes", sha256: file.sha256)
        }
        hasFiles = !files.isEmpty
        problems = finance.problems
        hasProblems = !problems.isEmpty
        statementsTotal = MoneyFormat.display(cents: finance.statementsCents, currency: page.currency)
    }
}
