import ChargebackCore

/// What a `notify` run did for each PI, in the statements' order.
public struct NotifyReport: Sendable {
    public enum Outcome: String, Sendable {
        case sent
        /// Written as an `.eml` file (dev mode, `--to-dir`).
        case written
        case skipped
        case failed
        /// `--dry-run`: would be sent or written.
        case wouldSend = "would send"
    }

    public struct Row: Sendable {
        public var piEmail: String
        public var outcome: Outcome
        /// The Message-ID, the file written, or the reason (skipped, failed).
        public var detail: String
        public var attempts: Int
    }

    public var period: BillingPeriod
    /// Where messages went: the SMTP server (`smtp://host:587 (STARTTLS)`) or a folder.
    public var destination: String
    public var rows: [Row]

    public func count(_ outcome: Outcome) -> Int { rows.filter { $0.outcome == outcome }.count }
    public var anyFailed: Bool { rows.contains { $0.outcome == .failed } }
}
