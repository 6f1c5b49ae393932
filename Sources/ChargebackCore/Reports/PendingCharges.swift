import GRDB

/// A charge awaiting review, as the period's review page lists it.
public struct PendingCharge: Sendable, Equatable {
    public var id: Int64
    public var sourceName: String
    /// The row's line in its imported file.
    public var line: Int
    public var piEmail: String
    public var projectId: String?
    public var fundOrg: String?
    public var resourceId: String?
    public var resourceName: String?
    public var serviceName: String?
    public var billed: Money
    public var flagReason: String?
}

/// A period's charges awaiting review, in the order `review list` shows
/// them, stored compactly (texts by `DistinctTexts` index): a month of a million
/// rows flags ~10,000 of them, and the build holds the list for its whole run
/// (as ChargeRecords they took 15 MB at 3,000,000 rows; heaptrack).
public struct PendingCharges: RandomAccessCollection, Sendable {
    private struct Packed {
        var id: Int64, billed: Int64
        var line: Int32
        var source: UInt32, pi: UInt32, project: UInt32, fundOrg: UInt32
        var resourceId: UInt32, resourceName: UInt32, service: UInt32, reason: UInt32
    }

    private var packed: [Packed] = []
    private var texts = DistinctTexts()

    public init() {}

    /// The pending charges of `period`, inside the caller's transaction.
    static func read(_ db: Database, period: BillingPeriod) throws -> PendingCharges {
        var charges = PendingCharges()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.id, s.name, c.line, c.pi_email, c.project_id, c.fund_org, c.resource_id, c.resource_name,
                   c.service_name, c.billed_nanos, c.flag_reason
            FROM \(ChargeQuery.chargesWithSource)
            WHERE c.period = ? AND \(ChargeQuery.reviewStatus(in: [.pending], alias: "c")) ORDER BY c.id
            """, arguments: [period.description])
        while let row = try rows.next() {
            charges.append(PendingCharge(id: row[0], sourceName: row[1], line: row[2], piEmail: row[3], projectId: row[4],
                                         fundOrg: row[5], resourceId: row[6], resourceName: row[7], serviceName: row[8],
                                         billed: Money(nanos: row[9]), flagReason: row[10]))
        }
        // As `StatementLines.seal()`: held for the whole build, so without growth room or the text lookup.
        charges.packed.trimCapacity()
        charges.texts.seal()
        return charges
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packed.count }

    public subscript(index: Int) -> PendingCharge {
        let p = packed[index]
        return PendingCharge(id: p.id, sourceName: texts[p.source], line: Int(p.line), piEmail: texts[p.pi],
                             projectId: texts[optional: p.project], fundOrg: texts[optional: p.fundOrg],
                             resourceId: texts[optional: p.resourceId], resourceName: texts[optional: p.resourceName],
                             serviceName: texts[optional: p.service], billed: Money(nanos: p.billed),
                             flagReason: texts[optional: p.reason])
    }

    mutating func append(_ c: PendingCharge) {
        packed.append(Packed(id: c.id, billed: c.billed.nanos, line: Int32(clamping: c.line),
                             source: texts.index(of: c.sourceName), pi: texts.index(of: c.piEmail),
                             project: texts.index(of: c.projectId), fundOrg: texts.index(of: c.fundOrg),
                             resourceId: texts.index(of: c.resourceId), resourceName: texts.index(of: c.resourceName),
                             service: texts.index(of: c.serviceName), reason: texts.index(of: c.flagReason)))
    }
}
