import GRDB

/// The audit trail: who imported, revised, approved, rejected, closed,
/// exported, generated, sent and archived what, newest first, read in one
/// snapshot of the ledger (`AuditSources` says from which tables). `log`
/// prints it; the site's audit page reads `report(period:)`.
public struct AuditTrail: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// The events `filter` admits, newest first (within one second: by their audit-log line, then in
    /// `AuditSources.all` order).
    public func events(_ filter: AuditFilter = AuditFilter()) throws -> [AuditEvent] {
        try store.read { db in try Self.events(db, filter) }
    }

    static func events(_ db: Database, _ filter: AuditFilter) throws -> [AuditEvent] {
        var all: [(event: AuditEvent, order: Int)] = []
        for source in AuditSources.all {
            for event in try source.events(db, filter) { all.append((event, all.count)) }
        }
        all.sort { a, b in
            if a.event.at != b.event.at { return a.event.at > b.event.at }
            if a.event.sequence != b.event.sequence { return a.event.sequence > b.event.sequence }
            return a.order < b.order
        }
        let events = all.map(\.event)
        if let limit = filter.limit { return Array(events.prefix(max(0, limit))) }
        return events
    }

    /// One charge: where it stands, and its history (`filter`'s other conditions apply to the events).
    public func chargeHistory(_ id: Int64, filter: AuditFilter = AuditFilter()) throws -> ChargeHistory {
        try store.read { db in
            guard let charge = try ChargeRecord.fetchOne(
                db, sql: "SELECT \(ChargeRecord.selection) FROM \(ChargeQuery.chargesWithSource) WHERE c.id = ?", arguments: [id])
            else { throw LedgerError.noSuchCharges([id]) }
            var eventsFilter = filter
            eventsFilter.chargeID = id
            let legacy = try Row.fetchOne(db, sql: """
                SELECT lr.legacy_id, li.legacy_path FROM legacy_rows lr JOIN legacy_imports li ON li.id = lr.legacy_import_id
                WHERE lr.our_table = 'charges' AND lr.our_id = ?
                """, arguments: [String(id)])
            return ChargeHistory(charge: charge, legacyFile: legacy?["legacy_path"], legacyChargeID: legacy?["legacy_id"],
                                 events: try Self.events(db, eventsFilter))
        }
    }

    /// Everything that happened to one period, for its audit page.
    public func report(period: BillingPeriod) throws -> AuditReport {
        AuditReport(period: period, events: try events(AuditFilter(period: period)))
    }
}

/// One charge and its history, newest first.
public struct ChargeHistory: Sendable, Equatable {
    public var charge: ChargeRecord
    /// Carried over from a legacy ledger: that file, and the charge's id there.
    public var legacyFile: String?
    public var legacyChargeID: Int64?
    public var events: [AuditEvent]

    /// The statement it is on (`S-…`), while it is billable (never flagged, or approved).
    public var statementID: String? {
        guard charge.reviewStatus.isOnStatement, let period = BillingPeriod(charge.period) else { return nil }
        return StatementID.make(period: period, piEmail: charge.piEmail, projectId: charge.projectId ?? StatementReport.noProject)
    }
}

/// A period's audit trail as plain values, newest first: what the site's
/// admin audit page shows, section by section.
public struct AuditReport: Sendable, Equatable {
    public var period: BillingPeriod
    public var events: [AuditEvent]

    public init(period: BillingPeriod, events: [AuditEvent]) {
        self.period = period
        self.events = events
    }

    public func events(_ kind: AuditKind) -> [AuditEvent] { events.filter { $0.kind == kind } }
}
