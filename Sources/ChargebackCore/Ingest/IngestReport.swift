/// What an ingest run did (or, in a dry run or after input errors, would
/// have done): per file and per period.
public struct IngestReport: Sendable, Equatable {
    public struct FileLine: Sendable, Equatable {
        public var path: String
        public var source: String
        public var sha256: String
        public var rowsRead = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var invalid = 0
        public var flagged = 0
        public var billed = MoneySum()
        public var rejectsPath: String?
        /// Charges first imported from another file that this file revised:
        /// a hint that two parts of one export were ingested in separate runs.
        public var revisedFromOtherFiles = 0
        /// Rows that matched a charge carried over from a legacy ledger (counted
        /// as updated or unchanged too): see `LegacyChargeMatch`.
        public var matchedLegacy = 0
    }

    public struct PeriodLine: Sendable, Equatable {
        public var period: BillingPeriod
        public var rows = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var billed = MoneySum()
        public var flaggedRows = 0
        public var flagged = MoneySum()
        public var billedDelta = MoneySum()
    }

    public var files: [FileLine] = []
    public var periods: [PeriodLine] = []
    /// Row and file errors found (each was reported through `IngestEvents`).
    public var inputErrors = 0
    /// Errors that concern a whole file (unreadable, missing columns, broken quoting).
    public var fileErrors = 0
    /// True when the run's transaction was committed.
    public var committed = false
    public var dryRun = false

    public var rowsRead: Int { files.reduce(0) { $0 + $1.rowsRead } }
    public var inserted: Int { files.reduce(0) { $0 + $1.inserted } }
    public var updated: Int { files.reduce(0) { $0 + $1.updated } }
    public var unchanged: Int { files.reduce(0) { $0 + $1.unchanged } }
    public var invalid: Int { files.reduce(0) { $0 + $1.invalid } }

    mutating func period(_ p: BillingPeriod) -> Int {
        if let i = periods.firstIndex(where: { $0.period == p }) { return i }
        periods.append(PeriodLine(period: p))
        periods.sort { $0.period < $1.period }
        return periods.firstIndex { $0.period == p } ?? 0
    }
}
