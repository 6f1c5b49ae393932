/// One line of a GL journal: a debit to a PI's fund/org for one source's
/// charges, or the credit to a source's own fund/org for what it recovered.
public struct JournalLine: Sendable, Equatable {
    public enum Side: String, Sendable {
        case debit, credit
    }

    /// The side the line was made for: debits charge PIs' funds, credits
    /// recover to sources.
    public var side: Side
    public var fundOrg: String
    /// The fund/org split by `journal.fund_org_regex` (`fund`, `orgn`, …).
    public var fundOrgParts: [String: String]
    public var account: String
    /// The source's name (`aws`) and the name shown for it.
    public var source: String
    public var sourceTitle: String
    /// Signed whole cents on `side`: a net refund is negative.
    public var cents: Int64
    public var description: String
    /// The PIs and projects whose charges the line carries, sorted (a credit carries every PI of its source).
    public var piEmails: [String]
    public var projectIds: [String]
    public var charges: Int

    /// Cents written in the Debit column: a negative amount moves to the other column as a positive one.
    public var debitColumnCents: Int64 {
        switch side {
        case .debit: cents >= 0 ? cents : 0
        case .credit: cents < 0 ? -cents : 0
        }
    }

    public var creditColumnCents: Int64 {
        switch side {
        case .debit: cents < 0 ? -cents : 0
        case .credit: cents >= 0 ? cents : 0
        }
    }
}
