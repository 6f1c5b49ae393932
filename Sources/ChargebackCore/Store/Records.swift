import GRDB

/// Plain records of the ledger tables (GRDB maps snake_case columns).
public struct PeriodRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "periods"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var period: String
    public var status: PeriodStatus
    public var openedAt: String
    public var openedBy: String
    public var closedAt: String?
    public var closedBy: String?
    public var finalizedAt: String?
    public var finalizedBy: String?
    public var reopenedAt: String?
    public var reopenedBy: String?
    public var reopenReason: String?
    public var notes: String?

    public init(period: String, status: PeriodStatus, openedAt: String, openedBy: String, closedAt: String? = nil,
                closedBy: String? = nil, finalizedAt: String? = nil, finalizedBy: String? = nil, reopenedAt: String? = nil,
                reopenedBy: String? = nil, reopenReason: String? = nil, notes: String? = nil) {
        self.period = period
        self.status = status
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.finalizedAt = finalizedAt
        self.finalizedBy = finalizedBy
        self.reopenedAt = reopenedAt
        self.reopenedBy = reopenedBy
        self.reopenReason = reopenReason
        self.notes = notes
    }

    public var billingPeriod: BillingPeriod? { BillingPeriod(period) }
}

extension PeriodStatus: DatabaseValueConvertible {}

public struct SourceRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sources"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var name: String
    public var displayName: String?
    public var createdAt: String
}

public struct ImportRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "imports"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var sourceId: Int64
    public var fileName: String
    public var filePath: String
    public var fileSha256: String
    public var fileBytes: Int64
    public var requestedPeriod: String?
    public var rowsRead: Int
    public var rowsInserted: Int
    public var rowsUpdated: Int
    public var rowsUnchanged: Int
    public var rowsInvalid: Int
    public var rowsFlagged: Int
    public var billedNanos: Int64
    public var rejectsPath: String?
    public var actor: String
    public var importedAt: String
}

public struct ReviewDecisionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "review_decisions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var chargeId: Int64
    public var period: String
    public var decision: String
    public var flagReason: String
    public var billedNanos: Int64
    public var actor: String
    public var decidedAt: String
    public var note: String?
    public var batch: String?
}

public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord {
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var period: String?
    public var entity: String
    public var entityId: String?
    public var details: String
}

/// One charge as reports and the CLI see it.
public struct ChargeRecord: Codable, Sendable, Equatable, FetchableRecord {
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public var id: Int64
    public var period: String
    public var sourceName: String
    public var line: Int
    public var chargePeriodStart: String?
    public var chargePeriodEnd: String?
    public var serviceName: String?
    public var chargeCategory: String?
    public var chargeDescription: String?
    public var resourceId: String?
    public var resourceName: String?
    public var billingCurrency: String?
    public var listNanos: Int64
    public var contractedNanos: Int64
    public var billedNanos: Int64
    public var effectiveNanos: Int64
    public var piEmail: String
    public var projectId: String?
    public var fundOrg: String?
    public var costCenter: String?
    public var accountCode: String?
    public var reference1: String?
    public var reference2: String?
    public var tags: String
    public var reviewStatus: ReviewStatus
    public var flagReason: String?

    public var list: Money { Money(nanos: listNanos) }
    public var contracted: Money { Money(nanos: contractedNanos) }
    public var billed: Money { Money(nanos: billedNanos) }

    /// The columns to select (joined with sources) to fetch this record.
    static let selection = """
        c.id, c.period, s.name AS source_name, c.line, c.charge_period_start, c.charge_period_end,
        c.service_name, c.charge_category, c.charge_description, c.resource_id, c.resource_name,
        c.billing_currency, c.list_nanos, c.contracted_nanos, c.billed_nanos, c.effective_nanos,
        c.pi_email, c.project_id, c.fund_org, c.cost_center, c.account_code,
        c.reference_1 AS reference1, c.reference_2 AS reference2, c.tags, c.review_status, c.flag_reason
        """
}

/// Where a charge stands in review.
public enum ReviewStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Never flagged: on the statement.
    case unflagged = "none"
    /// Flagged and awaiting review: not on any statement yet.
    case pending
    /// Flagged, then approved: on the statement.
    case approved
    /// Flagged, then rejected: never billed.
    case rejected

    /// Where ingest puts a charge it (re)writes: held for review when flagged.
    static func afterIngest(flagReason: String?) -> ReviewStatus { flagReason == nil ? .unflagged : .pending }
}

/// One `export-journal` run: what was written, where, with what totals.
public struct JournalExportRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "journal_exports"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var period: String
    public var format: String
    public var path: String
    public var rows: Int
    public var debitNanos: Int64
    public var creditNanos: Int64
    public var sha256: String
    public var actor: String
    public var exportedAt: String
    /// Which command wrote the file (migration v5; rows from before say `export-journal`).
    public var origin: JournalExportOrigin

    public init(id: Int64? = nil, period: String, format: String, path: String, rows: Int, debitNanos: Int64, creditNanos: Int64,
                sha256: String, actor: String, exportedAt: String, origin: JournalExportOrigin = .exportJournal) {
        self.id = id
        self.period = period
        self.format = format
        self.path = path
        self.rows = rows
        self.debitNanos = debitNanos
        self.creditNanos = creditNanos
        self.sha256 = sha256
        self.actor = actor
        self.exportedAt = exportedAt
        self.origin = origin
    }
}

/// Which command wrote a journal file: `export-journal`, or `build` (the site's finance folder).
public enum JournalExportOrigin: String, Codable, Sendable, Equatable, CaseIterable, DatabaseValueConvertible {
    case exportJournal = "export-journal"
    case build
}

/// A snapshot of a finalized period that `build` made (`archives`, migration v5,
/// append-only): the zip's path, size and SHA-256. Written by `ArchiveLog`.
public struct ArchiveRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "archives"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var period: String
    public var path: String
    public var bytes: Int64
    public var sha256: String
    public var actor: String
    public var createdAt: String
}

/// A PDF statement written by `generate`: which PI, project and fund/org, the
/// amount due, where the file is and its checksum.
public struct StatementRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "statements"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var period: String
    public var piEmail: String
    public var projectId: String
    /// The project's fund/orgs, comma-separated ("" when its charges name none).
    public var fundOrg: String
    public var totalNanos: Int64
    public var path: String?
    public var sha256: String?
    public var generatedAt: String

    public init(period: String, piEmail: String, projectId: String, fundOrg: String, totalNanos: Int64,
                path: String?, sha256: String?, generatedAt: String = "") {
        self.period = period
        self.piEmail = piEmail
        self.projectId = projectId
        self.fundOrg = fundOrg
        self.totalNanos = totalNanos
        self.path = path
        self.sha256 = sha256
        self.generatedAt = generatedAt
    }
}

/// One attempt at a PI's e-mail notice for a period (`notifications`).
public struct NotificationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "notifications"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// `sent`: the server accepted it; `failed`: it did not (see `error`);
    /// `dev_mode`: written as an `.eml` file (dev mode or `--to-dir`), not sent.
    public enum Status: String, Codable, Sendable, Equatable {
        case sent, failed
        case devMode = "dev_mode"
    }

    public var id: Int64?
    public var period: String
    public var piEmail: String
    public var recipient: String
    public var subject: String
    public var status: Status
    public var error: String?
    public var messageId: String?
    /// The statement ids (one per project) the message was about, comma-separated.
    public var statementIds: String
    /// The statement's `StatementReport.contentDigest` when the message was made.
    public var contentDigest: String
    public var attempts: Int
    public var emlPath: String?
    public var actor: String
    public var at: String

    public init(period: String, piEmail: String, recipient: String, subject: String, status: Status, error: String? = nil,
                messageId: String?, statementIds: String, contentDigest: String, attempts: Int, emlPath: String? = nil,
                actor: String, at: String = "") {
        self.period = period
        self.piEmail = piEmail
        self.recipient = recipient
        self.subject = subject
        self.status = status
        self.error = error
        self.messageId = messageId
        self.statementIds = statementIds
        self.contentDigest = contentDigest
        self.attempts = attempts
        self.emlPath = emlPath
        self.actor = actor
        self.at = at
    }
}
