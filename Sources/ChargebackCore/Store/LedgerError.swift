import GRDB

/// Errors of the ledger's rules, worded for the admin who meets them.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    case periodClosed(BillingPeriod)
    case periodFinalized(BillingPeriod)
    case unknownPeriod(BillingPeriod)
    case invalidTransition(BillingPeriod, from: PeriodStatus, to: PeriodStatus)
    case pendingReview(BillingPeriod, count: Int)
    /// Only a finalized period is archived.
    case notFinalized(BillingPeriod, PeriodStatus)
    case unknownSource(String)
    case invalidSourceName(String)
    case sourceExists(String)
    case noSuchCharges([Int64])
    /// PIs asked for by e-mail who have no statement in the period.
    case noStatement([String], BillingPeriod)
    case emptyValue(String)
    case database(String)
    /// The file at the ledger path is the legacy Python tool's ledger.
    case legacyLedger(path: String, wal: Bool)
    /// The file at the ledger path is something else that is not empty.
    case notALedger(path: String, String)
    /// The file cannot be read without writing to it.
    case unreadable(path: String, String)

    public var description: String {
        switch self {
        case .periodClosed(let p):
            return "period \(p) is closed: it refuses imports (reopen it first with `openchargeback periods reopen \(p) --reason ...`)"
        case .periodFinalized(let p):
            return "period \(p) is finalized: it can never change"
        case .unknownPeriod(let p):
            return "period \(p) does not exist (open it with `openchargeback periods open \(p)` or ingest its data)"
        case .invalidTransition(let p, let from, let to):
            return "period \(p) is \(from.rawValue): it cannot become \(to.rawValue)"
                + (to == .finalized && from == .open ? " (close it first)" : "")
        case .pendingReview(let p, let count):
            return "period \(p) has \(count) charge\(count == 1 ? "" : "s") awaiting review: approve or reject them first (`openchargeback review list -p \(p)`)"
        case .notFinalized(let p, let status):
            return "period \(p) is \(status.rawValue): only a finalized period is archived"
        case .unknownSource(let name):
            return "unknown source '\(name)' (add it with `openchargeback sources add \(name)` or list it under imports.known_sources)"
        case .invalidSourceName(let name):
            return "invalid source name '\(name)': use lowercase letters, digits, '-' and '_'"
        case .sourceExists(let name):
            return "source '\(name)' already exists"
        case .noSuchCharges(let ids):
            return "no such charge id\(ids.count == 1 ? "" : "s"): " + ids.map(String.init).joined(separator: ", ")
        case .noStatement(let pis, let p):
            return "no statement in \(p) for \(pis.joined(separator: ", ")): expected the e-mail of a PI with charges on a statement of the period"
        case .emptyValue(let what):
            return "\(what) must not be empty"
        case .database(let message):
            return "database error: \(message)"
        case .legacyLedger(let path, let wal):
            return "\(path) is a legacy OpenChargeback 0.4 ledger (the Python tool's billing.db), not one of ours: "
                + "run `openchargeback import-legacy \(path)` to bring it into a new ledger beside it, then point "
                + "database.path at that one (docs/legacy-ledger.md). Nothing was written to \(path)."
                + (wal ? " Its journal mode is WAL, which the legacy tool never sets (an earlier openchargeback did); "
                    + "`sqlite3 \(path) 'PRAGMA journal_mode=DELETE'` puts it back." : "")
        case .notALedger(let path, let why):
            return "\(path) is not an OpenChargeback ledger (\(why)): refusing to use it, nothing was written to it. "
                + "Point database.path at a new file or at an existing ledger."
        case .unreadable(let path, let why):
            return "\(path) cannot be read without writing to it (\(why)): refusing to use it, nothing was written to it"
        }
    }

    static func from(_ error: DatabaseError) -> LedgerError {
        .database(error.message ?? error.description)
    }
}
