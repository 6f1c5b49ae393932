import ChargebackCore

/// A PI's own charges of one period as CSV (RFC 4180, formula-safe): the
/// download on their statement page, every line with exact amounts.
enum StatementCSV {
    static let header = ["period", "pi_email", "project_id", "statement_id", "fund_org", "source", "date", "service",
                         "resource_id", "resource_name", "description", "type", "list", "contracted", "billed", "discount", "subsidy"]

    static func make(_ report: StatementReport) -> [UInt8] {
        var out = header.joined(separator: ",") + "\r\n"
        for project in report.projects {
            let fund = project.fundOrgs.joined(separator: " ")
            for line in project.lines {
                let cells = [report.period.description, report.piEmail, project.projectId, project.statementId, fund, line.source, line.date, line.service,
                             line.resourceId, line.resourceName, line.description, line.kind.rawValue,
                             MoneyFormat.plain(line.list), MoneyFormat.plain(line.contracted), MoneyFormat.plain(line.billed),
                             MoneyFormat.plain(line.discount), MoneyFormat.plain(line.subsidy)]
                out += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
            }
        }
        return Array(out.utf8)
    }
}
