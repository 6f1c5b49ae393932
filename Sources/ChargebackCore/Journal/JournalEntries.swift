/// A period's journal: debit lines, then one credit line per source, and the
/// cents each statement part contributes. Made by `JournalBuilder`; written
/// as GL, detail and summary files.
public struct JournalEntries: Sendable {
    /// What one PI × project × fund/org owes, in cents, after the rounding
    /// rule: the `amount_due` of the summary file and a share of a debit line.
    public struct Allocation: Sendable, Equatable {
        public var piEmail: String
        public var projectId: String
        public var statementId: String
        public var fundOrg: String
        public var totals: ChargeTotals
        public var cents: Int64
    }

    public var period: BillingPeriod
    public var status: PeriodStatus
    /// Debits sorted by fund/org, source, account; then credits sorted by source.
    public var lines: [JournalLine]
    /// Sorted by PI, project, fund/org, as on the statements.
    public var allocations: [Allocation]
    /// Why a GL file cannot be written; empty when it can.
    public var problems: [JournalProblem]

    public var totalDebitCents: Int64 { lines.reduce(0) { $0 + $1.debitColumnCents } }
    public var totalCreditCents: Int64 { lines.reduce(0) { $0 + $1.creditColumnCents } }

    /// The amount due of every statement part, in cents: what the debit lines add up to, net.
    public var billedCents: Int64 { allocations.reduce(0) { $0 + $1.cents } }

    /// Net cents debited to each PI fund/org (debit lines only; a refund counts negative).
    public var netDebitByFundOrg: [String: Int64] {
        var out: [String: Int64] = [:]
        for line in lines where line.side == .debit { out[line.fundOrg, default: 0] += line.cents }
        return out
    }

    /// The journal's reference for line `number` (1-based): `OCB-2026-09-0001`.
    public func referenceID(line number: Int) -> String {
        let digits = String(number)
        return "OCB-\(period)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Throws when a GL file cannot be written (nothing unbalanced is ever written).
    public func requireWritable() throws(JournalError) {
        if !problems.isEmpty { throw JournalError(period: period, problems: problems) }
    }
}
