import ChargebackCore

/// What `import-legacy` did (or, in a dry run, would do): per period, the
/// figures and the check against the legacy tool's own sums and statements.
public struct LegacyImportReport: Sendable {
    public enum Outcome: Sendable {
        case imported(run: Int64)
        case dryRun
        /// The same legacy file (same SHA-256) was imported before: nothing changed.
        case alreadyImported(LegacyLedgerWriter.PreviousRun)
    }

    public struct Period: Sendable {
        public var period: BillingPeriod
        public var status: PeriodStatus
        public var charges: Int
        public var rejected: Int
        public var awaitingReview: Int
        /// Billed, not rejected (on statements + awaiting review): ours, exact.
        public var billedNotRejected: MoneySum
        public var billedRejected: MoneySum
        /// The legacy tool's own sums (SQLite SUM over REAL, by the same money rule).
        public var legacyNotRejected: Money
        public var legacyRejected: Money
        public var reconciles: Bool

        /// Ours and the legacy tool's sums, equal to the cent.
        public var sumsAgree: Bool {
            billedNotRejected.roundedToCents() == legacyNotRejected.roundedToCents()
                && billedRejected.roundedToCents() == legacyRejected.roundedToCents()
        }
    }

    /// A legacy statement (PI × project) next to ours.
    public struct StatementCheck: Sendable, Equatable {
        public var period: BillingPeriod
        public var piEmail: String
        public var projectId: String
        public var legacy: Money
        /// nil: no statement of ours for that PI and project.
        public var ours: MoneySum?

        public var agrees: Bool { ours.map { $0.roundedToCents() == legacy.roundedToCents() } ?? false }
    }

    public var outcome: Outcome
    public var legacyPath: String
    public var legacySHA256: String
    public var schemaVersion: Int?
    public var destination: LegacyDestination
    public var timeZone: String
    public var periods: [Period] = []
    /// Legacy name → ours, for the sources whose name changed.
    public var renamedSources: [(legacy: String, ours: String)] = []
    public var counts = Counts()
    public var statements: [StatementCheck] = []
    public var money = LegacyMoneyTally()
    public var warnings: [String] = []

    public struct Counts: Sendable, Equatable {
        public var sources = 0
        public var imports = 0
        public var statements = 0
        public var notifications = 0
        public var journalExports = 0
        public var reviewLogs = 0
        /// History kept in the audit log only.
        public var events = 0
        /// Legacy web UI logins: never imported.
        public var users = 0
    }

    /// Every legacy statement equals ours to the cent.
    public var statementsAgree: Bool { statements.allSatisfy(\.agrees) }
}
