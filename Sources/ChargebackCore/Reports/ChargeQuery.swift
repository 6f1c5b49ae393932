/// The SQL every report shares, each rule written once: which charges are
/// on statements, and the totals columns that `PeriodReports.totals` reads.
enum ChargeQuery {
    /// A charge is on a statement when it was never flagged, or flagged and approved.
    static let onStatementStatuses: [ReviewStatus] = [.unflagged, .approved]

    /// `review_status IN ('none', 'approved')`, on the charges table's alias when it has one (`c`).
    static func onStatements(_ alias: String = "", including extra: [ReviewStatus] = []) -> String {
        reviewStatus(in: onStatementStatuses + extra, alias: alias)
    }

    /// `review_status IN (…)` for `statuses`: the values are the enum's own, never input.
    static func reviewStatus(in statuses: [ReviewStatus], alias: String = "") -> String {
        (alias.isEmpty ? "" : alias + ".") + "review_status IN (" + statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// The charges (as `c`) with their source's row (as `s`): a charge names its source by id, reports by name.
    static let chargesWithSource = "charges c JOIN sources s ON s.id = c.source_id"

    /// Count and sums as `n`, `l`, `c`, `b` (zero, not NULL, when no row matches), for `PeriodReports.totals`.
    static let totals = "COUNT(*) AS n, COALESCE(SUM(list_nanos), 0) AS l, COALESCE(SUM(contracted_nanos), 0) AS c, COALESCE(SUM(billed_nanos), 0) AS b"
}

extension ReviewStatus {
    /// On a statement (and so billed, in the journal): `ChargeQuery.onStatementStatuses`.
    public var isOnStatement: Bool { ChargeQuery.onStatementStatuses.contains(self) }
}
