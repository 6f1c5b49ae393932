/// Why a legacy ledger cannot be imported, worded for the admin: which file,
/// which table, row and column, what was expected. Nothing was written.
public enum LegacyLedgerError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case alreadyOurs(String)
    case notLegacy(String, why: String)
    case missingTable(path: String, table: String)
    case missingColumns(path: String, table: String, columns: [String])
    case invalidMoney(LegacyCell, value: String, String)
    case invalidValue(LegacyCell, value: String, String)
    case missingReference(LegacyCell, value: Int64, table: String)
    case changedWhileReading(String)
    case destinationIsLegacyFile(String)
    case destinationIsLegacyLedger(String)

    public var description: String {
        let nothing = "nothing was imported"
        switch self {
        case .notFound(let path):
            return "\(path): no such file"
        case .alreadyOurs(let path):
            return "\(path) is already an OpenChargeback ledger of ours, not a legacy billing.db: \(nothing)"
        case .notLegacy(let path, let why):
            return "\(path) is not a legacy OpenChargeback ledger (\(why)): \(nothing)"
        case .missingTable(let path, let table):
            return "\(path): the legacy ledger has no table \(table) (expected the schema of OpenChargeback 0.4.1; "
                + "running the legacy tool 0.4.1 once brings an older ledger up to it): \(nothing)"
        case .missingColumns(let path, let table, let columns):
            return "\(path): table \(table) has no column\(columns.count == 1 ? "" : "s") \(columns.joined(separator: ", ")) "
                + "(expected the schema of OpenChargeback 0.4.1; running the legacy tool 0.4.1 once brings an older ledger up to it): \(nothing)"
        case .invalidMoney(let cell, let value, let expected):
            return "legacy ledger \(cell): \(value): expected \(expected): \(nothing)"
        case .invalidValue(let cell, let value, let expected):
            return "legacy ledger \(cell): \(value): expected \(expected): \(nothing)"
        case .missingReference(let cell, let value, let table):
            return "legacy ledger \(cell): \(value) names no row of \(table): \(nothing)"
        case .changedWhileReading(let path):
            return "\(path) changed while it was being read (is the legacy tool running?): \(nothing); run it again once the legacy tool is stopped"
        case .destinationIsLegacyLedger(let path):
            return "\(path), where our ledger would go, is itself a legacy ledger: name a new file with --into: \(nothing)"
        case .destinationIsLegacyFile(let path):
            return "our ledger cannot be the legacy file itself (\(path)): name another file with --into, or leave database.path unset: \(nothing)"
        }
    }
}
