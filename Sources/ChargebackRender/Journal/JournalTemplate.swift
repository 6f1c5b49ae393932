import ChargebackCore
import Crypto
import Foundation
import Mustache

/// The GL journal's Mustache template (`journal.template`, else the theme's
/// `templates/journal.template`), parsed with the CSV content type.
/// Its line endings become CRLF, as RFC 4180 asks; values keep theirs.
public struct JournalTemplate: Sendable {
    public static let fileName = "journal.template"
    let template: MustacheTemplate
    /// The file it came from.
    public let path: String
    /// SHA-256 of the file, so a changed template rebuilds the journals.
    public let digest: String

    public init(settings: RenderSettings, builtin: String) throws(SiteError) {
        if let own = settings.journal.template {
            try self.init(path: own)
        } else {
            try self.init(path: SiteSources(settings: settings, builtin: builtin).templateFile(Self.fileName))
        }
    }

    public init(path: String) throws(SiteError) {
        CSVText.register()
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, message: "cannot read the journal template") }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw .template(file: path, line: 1, column: 1, message: "expected UTF-8 text")
        }
        // Checked with LF line ends first: the parser counts lines by "\n"
        // alone, so only then do its errors carry the file's line numbers.
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n")
        let pragma = "{{% CONTENT_TYPE: \(CSVText.name)}}"
        _ = try SiteTemplates.parse(lf, file: path, prefix: pragma + "\n")
        template = try SiteTemplates.parse(lf.replacingOccurrences(of: "\n", with: "\r\n"), file: path, prefix: pragma + "\r\n")
        self.path = path
        digest = FileDigest.hex(SHA256.hash(data: data))
    }

    public func render(_ entries: JournalEntries, settings: RenderSettings) -> [UInt8] {
        var lines: [[String: Any]] = []
        for (i, line) in entries.lines.enumerated() {
            // Named fund/org parts first: a part cannot replace a field below.
            var fields: [String: Any] = line.fundOrgParts
            fields["fund_org"] = line.fundOrg
            fields["account"] = line.account
            fields["debit"] = line.debitColumnCents == 0 ? "" : MoneyFormat.cents(line.debitColumnCents)
            fields["credit"] = line.creditColumnCents == 0 ? "" : MoneyFormat.cents(line.creditColumnCents)
            fields["amount"] = MoneyFormat.cents(line.cents)
            fields["side"] = line.side.rawValue
            fields["is_debit"] = line.side == .debit
            fields["is_credit"] = line.side == .credit
            fields["source"] = line.source
            fields["source_name"] = line.sourceTitle
            fields["description"] = line.description
            fields["reference_id"] = entries.referenceID(line: i + 1)
            fields["line_number"] = String(i + 1)
            fields["pi_emails"] = line.piEmails.joined(separator: " ")
            fields["project_ids"] = line.projectIds.joined(separator: " ")
            fields["charges"] = String(line.charges)
            lines.append(fields)
        }
        let context: [String: Any] = [
            "period": entries.period.description, "status": entries.status.rawValue, "is_draft": entries.status == .open,
            "currency": settings.currency, "organization": settings.organization.name, "journal_reference": "OCB-\(entries.period)",
            "line_count": String(lines.count), "total_debit": MoneyFormat.cents(entries.totalDebitCents),
            "total_credit": MoneyFormat.cents(entries.totalCreditCents), "lines": lines,
        ]
        return Array(template.render(context).utf8)
    }
}
