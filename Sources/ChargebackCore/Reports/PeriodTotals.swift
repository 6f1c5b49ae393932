import GRDB

/// Money and counts of one slice of charges, split by where they stand.
public struct ChargeTotals: Sendable, Equatable {
    public var rows = 0
    public var list = MoneySum()
    public var contracted = MoneySum()
    public var billed = MoneySum()

    public init() {}

    public mutating func add(_ other: ChargeTotals) {
        rows += other.rows
        list.add(other.list)
        contracted.add(other.contracted)
        billed.add(other.billed)
    }

    /// list − contracted: the negotiated discount.
    public var discount: MoneySum { list - contracted }
    /// contracted − billed: what a subsidy covers.
    public var subsidy: MoneySum { contracted - billed }
}

/// One period at a glance: billable, awaiting review and rejected totals,
/// by source and by PI. What `ingest`, `periods list` and the demo print.
public struct PeriodSummary: Sendable, Equatable {
    public var period: BillingPeriod
    public var status: PeriodStatus
    public var onStatements = ChargeTotals()
    public var awaitingReview = ChargeTotals()
    public var rejected = ChargeTotals()
    public var bySource: [(name: String, totals: ChargeTotals)] = []
    public var byPI: [(piEmail: String, projects: Int, totals: ChargeTotals)] = []

    public static func == (a: PeriodSummary, b: PeriodSummary) -> Bool {
        a.period == b.period && a.status == b.status && a.onStatements == b.onStatements
            && a.awaitingReview == b.awaitingReview && a.rejected == b.rejected
            && a.bySource.map(\.name) == b.bySource.map(\.name) && a.bySource.map(\.totals) == b.bySource.map(\.totals)
            && a.byPI.map(\.piEmail) == b.byPI.map(\.piEmail) && a.byPI.map(\.totals) == b.byPI.map(\.totals)
    }
}

public struct PeriodReports: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    public func summary(_ period: BillingPeriod) throws -> PeriodSummary {
        try store.read { db in
            guard let record = try PeriodRecord.fetchOne(db, key: period.description) else { throw LedgerError.unknownPeriod(period) }
            var summary = PeriodSummary(period: period, status: record.status)
            let byStatus = try Row.fetchAll(db, sql: """
                SELECT review_status, \(ChargeQuery.totals) FROM charges WHERE period = ? GROUP BY review_status
                """, arguments: [period.description])
            for row in byStatus {
                let totals = Self.totals(row)
                guard let status = ReviewStatus(rawValue: row["review_status"] ?? "") else { continue }
                if status.isOnStatement {
                    summary.onStatements = Self.merge(summary.onStatements, totals)
                } else if status == .pending {
                    summary.awaitingReview = totals
                } else {
                    summary.rejected = totals
                }
            }
            summary.bySource = try Row.fetchAll(db, sql: """
                SELECT s.name AS name, \(ChargeQuery.totals)
                FROM \(ChargeQuery.chargesWithSource)
                WHERE c.period = ? AND \(ChargeQuery.onStatements("c")) GROUP BY s.name ORDER BY s.name
                """, arguments: [period.description]).map { ($0["name"], Self.totals($0)) }
            summary.byPI = try Row.fetchAll(db, sql: """
                SELECT pi_email, COUNT(DISTINCT project_id) AS projects, \(ChargeQuery.totals)
                FROM charges WHERE period = ? AND \(ChargeQuery.onStatements())
                GROUP BY pi_email ORDER BY pi_email
                """, arguments: [period.description]).map { ($0["pi_email"], $0["projects"], Self.totals($0)) }
            return summary
        }
    }

    /// SQLite sums 64-bit integers and raises on overflow, so a SUM never
    /// silently wraps; the result is carried on in a wide `MoneySum`.
    static func totals(_ row: Row) -> ChargeTotals {
        var t = ChargeTotals()
        t.rows = row["n"] ?? 0
        t.list.add(Money(nanos: row["l"] ?? 0))
        t.contracted.add(Money(nanos: row["c"] ?? 0))
        t.billed.add(Money(nanos: row["b"] ?? 0))
        return t
    }

    static func merge(_ a: ChargeTotals, _ b: ChargeTotals) -> ChargeTotals {
        var t = a
        t.add(b)
        return t
    }
}
