import ChargebackCore
import Crypto

/// The journal formats finance can download.
public enum JournalFormat: String, CaseIterable, Sendable {
    /// Double-entry lines from the GL template, to post.
    case gl
    /// One row per charge.
    case detail
    /// One row per PI × project × fund/org.
    case summary

    public var title: String {
        switch self {
        case .gl: "GL journal"
        case .detail: "Detail (one row per charge)"
        case .summary: "Summary (per PI, project and fund/org)"
        }
    }

    /// The legacy tool's `export-journal -f` names that are not ours, and the
    /// format each becomes (docs/migrating.md): `default` was the legacy
    /// default, as `gl` is ours; `standard` was one row per charge; `template`
    /// was the GL from journal.template. (`gl` and `summary` mean the same in both.)
    public static let legacyNames: [String: JournalFormat] = ["default": .gl, "standard": .detail, "template": .gl]

    /// Our format named `name`, or the one a legacy name stands for.
    public init?(name: String) {
        guard let format = JournalFormat(rawValue: name) ?? Self.legacyNames[name] else { return nil }
        self = format
    }
}

/// One journal file, made and ready to write.
public struct JournalFile: Sendable {
    public var format: JournalFormat
    public var period: BillingPeriod
    public var status: PeriodStatus
    public var bytes: [UInt8]
    public var rows: Int
    /// GL: the Debit and Credit column totals. Detail and summary: the amount billed, and zero.
    public var debitCents: Int64
    public var creditCents: Int64
    /// Made with the charges still awaiting review (`--include-flagged`): never the file to post.
    public var includesFlagged = false

    public var sha256: String { FileDigest.hex(SHA256.hash(data: bytes)) }

    /// `journal_2026-09_gl.csv`; `journal_2026-09_gl_DRAFT.csv` while the period is open;
    /// `…_incl-flagged.csv` when it includes flagged charges.
    public var name: String { Self.name(period: period, format: format, status: status, includesFlagged: includesFlagged) }

    public static func name(period: BillingPeriod, format: JournalFormat, status: PeriodStatus, includesFlagged: Bool = false) -> String {
        "journal_\(period)_\(format.rawValue)\(status == .open ? "_DRAFT" : "")\(includesFlagged ? "_incl-flagged" : "").csv"
    }
}

/// Makes a period's journal files from its statements: the GL through the
/// template, detail and summary as fixed-column CSV.
public struct JournalFiles: Sendable {
    let settings: RenderSettings
    let template: JournalTemplate
    let accounts: JournalAccounts
    let builder: JournalBuilder

    public init(settings: RenderSettings, template: JournalTemplate, allowUnparsed: Bool = false) {
        self.settings = settings
        self.template = template
        accounts = JournalAccounts(journal: settings.journal, knownSources: settings.knownSources)
        builder = JournalBuilder(journal: settings.journal, knownSources: settings.knownSources, allowUnparsed: allowUnparsed)
    }

    public func entries(_ statements: [StatementReport], period: BillingPeriod, status: PeriodStatus) -> JournalEntries {
        builder.build(statements, period: period, status: status)
    }

    /// The same entries, built a statement at a time.
    public func accumulator(period: BillingPeriod, status: PeriodStatus) -> JournalAccumulator {
        builder.accumulator(period: period, status: status)
    }

    /// Throws, listing every problem, when the journal cannot balance; never returns an unbalanced file.
    public func gl(_ entries: JournalEntries) throws(JournalError) -> JournalFile {
        try entries.requireWritable()
        return JournalFile(format: .gl, period: entries.period, status: entries.status, bytes: template.render(entries, settings: settings),
                           rows: entries.lines.count, debitCents: entries.totalDebitCents, creditCents: entries.totalCreditCents)
    }

    /// A PI's detail rows: their CSV download, and their part of the period's detail file.
    public func detail(_ statement: StatementReport) -> CSVDocument {
        JournalTables.detail(statement, accounts: accounts)
    }

    /// The same rows without the header, `rowsPerChunk` at a time (`JournalTables.detailRows`).
    public func detailRows(_ statement: StatementReport, rowsPerChunk: Int, _ chunk: (_ bytes: [UInt8], _ rows: Int) throws -> Void) rethrows {
        try JournalTables.detailRows(statement, accounts: accounts, rowsPerChunk: rowsPerChunk, chunk)
    }

    public func detail(_ parts: [CSVDocument], entries: JournalEntries) -> JournalFile {
        let csv = JournalTables.detail(parts)
        return JournalFile(format: .detail, period: entries.period, status: entries.status, bytes: csv.bytes, rows: csv.rows,
                           debitCents: entries.billedCents, creditCents: 0)
    }

    public func summary(_ entries: JournalEntries) -> JournalFile {
        let csv = JournalTables.summary(entries)
        return JournalFile(format: .summary, period: entries.period, status: entries.status, bytes: csv.bytes, rows: csv.rows,
                           debitCents: entries.billedCents, creditCents: 0)
    }
}
