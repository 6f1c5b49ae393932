/// A legacy ledger turned into our ledger's records, ready for
/// `LegacyLedgerWriter` to write in one transaction. Plain values: the
/// ChargebackLegacy target builds it from a legacy billing.db; this module
/// stores it under our schema, triggers and invariants.
public struct LegacyImportPlan: Sendable {
    /// The legacy file the plan was read from.
    public struct Origin: Sendable, Equatable {
        /// Absolute path.
        public var path: String
        public var sha256: String
        public var bytes: Int64
        /// The legacy `schema_version` (10 for 0.4.1); nil when it has none.
        public var schemaVersion: Int?
        /// The time zone legacy local times were read in (`LegacyTimestamp`).
        public var timeZone: String

        public init(path: String, sha256: String, bytes: Int64, schemaVersion: Int?, timeZone: String) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.schemaVersion = schemaVersion
            self.timeZone = timeZone
        }
    }

    /// Something that happened in the legacy ledger, written to our audit log at its own time.
    public struct Event: Sendable, Equatable {
        public var at: String
        public var actor: String
        public var action: String
        public var period: BillingPeriod?
        public var entity: String
        public var entityID: String?
        /// The legacy charge the event is about: its id in our ledger becomes `entityID`.
        public var legacyChargeID: Int64?
        public var details: String

        public init(at: String, actor: String, action: String, period: BillingPeriod?, entity: String,
                    entityID: String? = nil, legacyChargeID: Int64? = nil, details: String) {
            self.at = at
            self.actor = actor
            self.action = action
            self.period = period
            self.entity = entity
            self.entityID = entityID
            self.legacyChargeID = legacyChargeID
            self.details = details
        }
    }

    public struct Period: Sendable {
        public var legacyID: Int64
        /// Its state in the legacy ledger: status, notes, who/when of each transition.
        public var record: PeriodRecord
        /// Its transitions in the order they happened (the period's history).
        public var history: [Event]

        public init(legacyID: Int64, record: PeriodRecord, history: [Event]) {
            self.legacyID = legacyID
            self.record = record
            self.history = history
        }
    }

    public struct Source: Sendable, Equatable {
        public var legacyID: Int64
        /// As the legacy ledger wrote it.
        public var legacyName: String
        /// Ours (`SourceRegistry.isValidName`).
        public var name: String
        public var displayName: String?

        public init(legacyID: Int64, legacyName: String, name: String, displayName: String?) {
            self.legacyID = legacyID
            self.legacyName = legacyName
            self.name = name
            self.displayName = displayName
        }
    }

    /// One legacy import log row: a file ingested into one period of one source.
    public struct Import: Sendable, Equatable {
        public var legacyID: Int64
        public var period: BillingPeriod
        /// Our source name.
        public var source: String
        /// The file name the legacy tool logged.
        public var fileName: String
        public var rows: Int
        public var flaggedRows: Int
        public var billed: Money
        public var flagged: Money
        public var importedAt: String

        public init(legacyID: Int64, period: BillingPeriod, source: String, fileName: String, rows: Int, flaggedRows: Int,
                    billed: Money, flagged: Money, importedAt: String) {
            self.legacyID = legacyID
            self.period = period
            self.source = source
            self.fileName = fileName
            self.rows = rows
            self.flaggedRows = flaggedRows
            self.billed = billed
            self.flagged = flagged
            self.importedAt = importedAt
        }
    }

    /// Who decided, when, and the note (nil: none was written).
    public struct Decision: Sendable, Equatable {
        public var actor: String
        public var at: String
        public var note: String?

        public init(actor: String, at: String, note: String?) {
            self.actor = actor
            self.at = at
            self.note = note
        }
    }

    /// Where a charge stands in review, with the flag reason and decision.
    public enum Review: Sendable, Equatable {
        case unflagged
        case pending(reason: String)
        case approved(reason: String, Decision)
        case rejected(reason: String, Decision)

        var status: ReviewStatus {
            switch self {
            case .unflagged: .unflagged
            case .pending: .pending
            case .approved: .approved
            case .rejected: .rejected
            }
        }

        var reason: String? {
            switch self {
            case .unflagged: nil
            case .pending(let r), .approved(let r, _), .rejected(let r, _): r
            }
        }
    }

    public struct Charge: Sendable {
        public var legacyID: Int64
        /// Our source name.
        public var source: String
        /// The legacy import it is counted under; nil when the legacy ledger logged none for its period and source.
        public var importLegacyID: Int64?
        public var draft: ChargeDraft
        public var review: Review

        public init(legacyID: Int64, source: String, importLegacyID: Int64?, draft: ChargeDraft, review: Review) {
            self.legacyID = legacyID
            self.source = source
            self.importLegacyID = importLegacyID
            self.draft = draft
            self.review = review
        }
    }

    /// A row of ours that stands for one legacy row (statements, e-mails, journal exports).
    public struct Carried<Record: Sendable>: Sendable {
        public var legacyID: Int64
        public var record: Record

        public init(legacyID: Int64, record: Record) {
            self.legacyID = legacyID
            self.record = record
        }
    }

    public var origin: Origin
    public var periods: [Period]
    public var sources: [Source]
    public var imports: [Import]
    public var charges: [Charge]
    public var statements: [Carried<StatementRecord>]
    public var notifications: [Carried<NotificationRecord>]
    public var journalExports: [Carried<JournalExportRecord>]
    /// History without a table of ours (legacy review log, e-mails of no known period, journal export details).
    public var events: [Event]

    public init(origin: Origin, periods: [Period], sources: [Source], imports: [Import], charges: [Charge],
                statements: [Carried<StatementRecord>], notifications: [Carried<NotificationRecord>],
                journalExports: [Carried<JournalExportRecord>], events: [Event]) {
        self.origin = origin
        self.periods = periods
        self.sources = sources
        self.imports = imports
        self.charges = charges
        self.statements = statements
        self.notifications = notifications
        self.journalExports = journalExports
        self.events = events
    }

    /// Written where the legacy ledger recorded no one and our column needs someone.
    public static let unrecordedActor = LedgerActor.legacyUnrecorded
}

extension ChargeDraft {
    /// Every field given (the memberwise initializer, for other modules: a legacy charge has no FOCUS row).
    public static func make(period: BillingPeriod, line: Int, billingPeriodStart: String, chargePeriodStart: String?,
                            chargePeriodEnd: String?, serviceName: String?, chargeCategory: String?, chargeDescription: String?,
                            resourceId: String?, resourceName: String?, skuId: String?, skuPriceId: String?,
                            billingCurrency: String?, list: Money, contracted: Money, billed: Money, effective: Money,
                            piEmail: String, projectId: String?, fundOrg: String?, costCenter: String?, accountCode: String?,
                            reference1: String?, reference2: String?, tags: String) -> ChargeDraft {
        ChargeDraft(period: period, line: line, billingPeriodStart: billingPeriodStart, chargePeriodStart: chargePeriodStart,
                    chargePeriodEnd: chargePeriodEnd, serviceName: serviceName, chargeCategory: chargeCategory,
                    chargeDescription: chargeDescription, resourceId: resourceId, resourceName: resourceName, skuId: skuId,
                    skuPriceId: skuPriceId, billingCurrency: billingCurrency, list: list, contracted: contracted, billed: billed,
                    effective: effective, piEmail: piEmail, projectId: projectId, fundOrg: fundOrg, costCenter: costCenter,
                    accountCode: accountCode, reference1: reference1, reference2: reference2, tags: tags)
    }
}
