/// The `detail` and `summary` journal files: fixed columns, exact amounts
/// (`summary`'s `amount_due` is the rounded figure the GL debits).
public enum JournalTables {
    public static let detailHeader = [
        "period", "pi_email", "project_id", "statement_id", "fund_org", "account", "source", "date", "service",
        "resource_id", "resource_name", "description", "type", "review_status",
        "list", "contracted", "billed", "discount", "subsidy",
    ]

    /// `detailHeader` as the CSV's first line (a file written in pieces starts with it).
    public static let detailHeaderLine = CSVDocument(header: detailHeader).bytes

    public static let summaryHeader = [
        "period", "pi_email", "project_id", "statement_id", "fund_org", "charges",
        "list", "contracted", "billed", "discount", "subsidy", "amount_due",
    ]

    /// One row per charge of `statement` (a PI's CSV download, or one part of the period's detail file).
    public static func detail(_ statement: StatementReport, accounts: JournalAccounts) -> CSVDocument {
        var csv = CSVDocument(header: detailHeader)
        let period = statement.period.description
        for project in statement.projects {
            for line in project.lines {
                csv.add(detailCells(period: period, statement, project, line, accounts: accounts))
            }
        }
        return csv
    }

    /// The rows of `detail`, without its header, handed to `chunk` `rowsPerChunk` at a time with
    /// their count: the busiest statement's rows are never one buffer (48 MB at 3,000,000 rows, heaptrack).
    public static func detailRows(_ statement: StatementReport, accounts: JournalAccounts, rowsPerChunk: Int,
                                  _ chunk: (_ bytes: [UInt8], _ rows: Int) throws -> Void) rethrows {
        var csv = CSVDocument(header: detailHeader)
        _ = csv.drain()
        var rows = 0
        let period = statement.period.description
        for project in statement.projects {
            for line in project.lines {
                csv.add(detailCells(period: period, statement, project, line, accounts: accounts))
                rows += 1
                if rows == rowsPerChunk {
                    try chunk(csv.drain(), rows)
                    rows = 0
                }
            }
        }
        if rows > 0 { try chunk(csv.drain(), rows) }
    }

    private static func detailCells(period: String, _ statement: StatementReport, _ project: StatementReport.Project,
                                    _ line: StatementReport.Line, accounts: JournalAccounts) -> [String] {
        [period, statement.piEmail, project.projectId, project.statementId, line.fundOrg,
         accounts.debitAccount(tag: line.accountCode, source: line.source) ?? "", line.source, line.date, line.service,
         line.resourceId, line.resourceName, line.description, line.kind.rawValue, line.reviewStatus,
         MoneyFormat.plain(line.list), MoneyFormat.plain(line.contracted), MoneyFormat.plain(line.billed),
         MoneyFormat.plain(line.discount), MoneyFormat.plain(line.subsidy)]
    }

    /// The period's detail file from each PI's rows (already made for their downloads).
    public static func detail(_ parts: [CSVDocument]) -> CSVDocument {
        var csv = CSVDocument(header: detailHeader)
        for part in parts { csv.add(rowsOf: part) }
        return csv
    }

    /// One row per PI × project × fund/org.
    public static func summary(_ entries: JournalEntries) -> CSVDocument {
        var csv = CSVDocument(header: summaryHeader)
        for a in entries.allocations {
            csv.add([entries.period.description, a.piEmail, a.projectId, a.statementId, a.fundOrg, String(a.totals.rows),
                     MoneyFormat.plain(a.totals.list), MoneyFormat.plain(a.totals.contracted), MoneyFormat.plain(a.totals.billed),
                     MoneyFormat.plain(a.totals.discount), MoneyFormat.plain(a.totals.subsidy), MoneyFormat.cents(a.cents)])
        }
        return csv
    }
}
