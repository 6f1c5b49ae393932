/// What an entry of the audit trail is about. `log --kind` takes these names.
public enum AuditKind: String, CaseIterable, Sendable, Codable, Comparable {
    /// A file ingested (`ingest`, `convert --ingest`), per period it touched; with `--charge`, the line the charge came from.
    case `import`
    /// A charge changed by a later import of the same row (re-ingest of a corrected export).
    case revision
    /// A review decision (approve, reject), one per charge; legacy review history.
    case review
    /// A period opened, closed, reopened, finalized (or carried over by `import-legacy`).
    case period
    /// A source registered (`sources add`, or a known source on its first ingest).
    case source
    /// A journal file written (`export-journal`; later `build`).
    case export
    /// A PDF statement recorded by `generate` (one per PI and project), and each `generate` run.
    case statement
    /// An e-mail notice sent, written (dev mode, `--to-dir`) or failed.
    case notice
    /// A snapshot zip of a finalized period made by `build`.
    case archive
    /// An `import-legacy` run: which legacy billing.db was brought over.
    case legacy
    /// An audit-log line of an action this version does not know (kept, never dropped).
    case other

    public static func < (a: AuditKind, b: AuditKind) -> Bool { a.rawValue < b.rawValue }

    /// The kind of an `audit_log` line, by its action.
    static func of(action: String) -> AuditKind {
        switch action {
        case "import", "charge.import": return .import
        case "charge.update", "charge.match-legacy": return .revision
        case "review.approve", "review.reject", "legacy.review", "legacy.review-log": return .review
        case "journal.export": return .export
        case "legacy.email": return .notice
        case "legacy.import": return .legacy
        default:
            let prefix = action.split(separator: ".", maxSplits: 1).first.map(String.init) ?? action
            switch prefix {
            case "period": return .period
            case "source": return .source
            case "statements", "statement": return .statement
            case "notice": return .notice
            case "archive": return .archive
            default: return .other
            }
        }
    }
}

/// An amount an event involved, exact. `cents`: an amount that exists only
/// rounded to the cent (a statement's total as printed, a journal's totals).
public struct AuditAmount: Sendable, Equatable {
    /// `billed`, `previous_billed`, `flagged`, `debit`, `credit`, `total`: stable, snake_case.
    public var label: String
    public var money: Money
    public var cents: Bool

    public init(_ label: String, _ money: Money, cents: Bool = false) {
        self.label = label
        self.money = money
        self.cents = cents
    }
}

/// One entry of the audit trail: when, who, what, and the amounts involved.
/// Plain values, read by `log` and by the site's audit page.
public struct AuditEvent: Sendable, Equatable {
    public var kind: AuditKind
    /// What happened, stable: `import`, `charge.update`, `review.approve`, `period.close`,
    /// `journal.export`, `statement.generate`, `notice.sent` … (docs/scripting.md).
    public var action: String
    /// ISO 8601 UTC (`2026-11-03T14:05:09Z`), as the ledger keeps it.
    public var at: String
    public var actor: String
    public var period: String?
    /// The PI the event is about, where it is about one.
    public var piEmail: String?
    public var chargeIDs: [Int64]
    /// The main amount first.
    public var amounts: [AuditAmount]
    /// The billing source (`aws`), where known.
    public var source: String?
    public var file: String?
    public var sha256: String?
    /// The note, reason or notes written with it (untrusted text, kept as written).
    public var note: String?
    /// Review decisions made by one command together share a batch id.
    public var batch: String?
    /// Carried over from a legacy ledger by `import-legacy`.
    public var legacy: Bool
    /// One line for people: what happened, with names, counts and amounts.
    public var message: String
    /// Where it was read from: the ledger table and its row id.
    public var table: String
    public var rowID: Int64
    /// Its line in `audit_log` (0 when it has none): orders events of the same second.
    public var sequence: Int64 = 0

    public init(kind: AuditKind, action: String, at: String, actor: String, period: String? = nil, piEmail: String? = nil,
                chargeIDs: [Int64] = [], amounts: [AuditAmount] = [], source: String? = nil, file: String? = nil,
                sha256: String? = nil, note: String? = nil, batch: String? = nil, legacy: Bool = false, message: String,
                table: String, rowID: Int64) {
        self.kind = kind
        self.action = action
        self.at = at
        self.actor = actor
        self.period = period
        self.piEmail = piEmail
        self.chargeIDs = chargeIDs
        self.amounts = amounts
        self.source = source
        self.file = file
        self.sha256 = sha256
        self.note = note
        self.batch = batch
        self.legacy = legacy
        self.message = message
        self.table = table
        self.rowID = rowID
    }

    /// The main amount.
    public var amount: AuditAmount? { amounts.first }

    /// `table:row`, e.g. `review_decisions:12`: where to look in the ledger.
    public var record: String { "\(table):\(rowID)" }
}
