import ChargebackCore

/// A legacy ledger read into plain values: money already exact (`LegacyMoney`),
/// timestamps already ours (`LegacyTimestamp`), ids as the legacy tool gave them.
struct LegacyLedger: Sendable {
    struct Period: Sendable, Equatable {
        var id: Int64
        var period: BillingPeriod
        var status: PeriodStatus
        var openedAt: String?
        var closedAt: String?
        var closedBy: String?
        var finalizedAt: String?
        var finalizedBy: String?
        var reopenedAt: String?
        var reopenedBy: String?
        var reopenReason: String?
        var notes: String?
    }

    struct Source: Sendable, Equatable {
        var id: Int64
        var name: String
        var displayName: String?
    }

    struct Import: Sendable, Equatable {
        var id: Int64
        var fileName: String
        var sourceID: Int64
        var periodID: Int64
        var rows: Int
        var billed: Money
        var flaggedRows: Int
        var flagged: Money
        var importedAt: String?
    }

    struct Charge: Sendable, Equatable {
        var id: Int64
        var periodID: Int64
        var sourceID: Int64
        var chargePeriodStart: String?
        var chargePeriodEnd: String?
        var list: Money?
        var contracted: Money?
        var billed: Money
        var effective: Money?
        var resourceId: String?
        var resourceName: String?
        var serviceName: String?
        var piEmail: String
        var projectId: String?
        var fundOrg: String?
        var reference1: String?
        var reference2: String?
        var rawTags: String?
        var needsReview: Bool
        var reviewReason: String?
        var reviewedAt: String?
        var reviewedBy: String?
        var rejectedAt: String?
        var rejectedBy: String?
        var rejectionNote: String?
    }

    struct Statement: Sendable, Equatable {
        var id: Int64
        var periodID: Int64
        var piEmail: String
        var projectId: String?
        var fundOrg: String?
        var total: Money
        var generatedAt: String?
        var sentAt: String?
        var pdfPath: String?
    }

    struct Email: Sendable, Equatable {
        var id: Int64
        var statementID: Int64?
        var recipient: String
        var subject: String?
        var sentAt: String?
        var sentBy: String?
        /// success, error or dev_mode.
        var status: String
        var error: String?
    }

    struct JournalExport: Sendable, Equatable {
        var id: Int64
        var periodID: Int64
        var format: String
        var includeFlagged: Bool?
        var rows: Int?
        var total: Money?
        var exportedAt: String?
        var exportedBy: String?
        var fileName: String?
    }

    struct ReviewLog: Sendable, Equatable {
        var id: Int64
        var periodID: Int64
        var chargeID: Int64
        /// approved or rejected.
        var action: String
        var piEmail: String
        var resourceId: String?
        var amount: Money
        var note: String?
        var performedAt: String?
        var performedBy: String?
    }

    /// The legacy tool's own sums of a period's billed cost (SQLite SUM over REAL), for the check after the import.
    struct PeriodSums: Sendable, Equatable {
        var notRejected: Money
        var rejected: Money
    }

    var schemaVersion: Int?
    var periods: [Period] = []
    var sources: [Source] = []
    var imports: [Import] = []
    var charges: [Charge] = []
    var statements: [Statement] = []
    var emails: [Email] = []
    var journalExports: [JournalExport] = []
    var reviewLogs: [ReviewLog] = []
    /// Rows of `users` (the legacy web UI's logins): counted, never imported.
    var users = 0
    var sums: [Int64: PeriodSums] = [:]
    var money = LegacyMoneyTally()
}
