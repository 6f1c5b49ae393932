import ChargebackCore
import Foundation
import GRDB
@testable import ChargebackLegacy

/// Runs `import-legacy` on a fixture as the command does, and reads our ledger back.
extension LegacyFixture {
    var ours: String { folder + "/ours/openchargeback.sqlite" }

    @discardableResult
    func importLegacy(into path: String? = nil, dryRun: Bool = false, zone: String = "UTC",
                      tagMapping: TagMapping = TagMapping()) throws -> LegacyImportReport {
        let destination = LegacyDestination(path: path ?? ours, reason: .into)
        return try LegacyImportRun().run(.init(legacyPath: legacy, destination: destination, tagMapping: tagMapping, actor: "tester",
                                               dryRun: dryRun, timeZone: TimeZone(identifier: zone)!))
    }

    func store() throws -> LedgerStore { try LedgerStore(path: ours) }

    /// Our id of the legacy row `legacyID` of `table` (ours) as provenance records it.
    func ourID(_ table: String, legacy legacyID: Int64, in store: LedgerStore) throws -> Int64 {
        try store.read { db in
            try Int64.fetchOne(db, sql: "SELECT CAST(our_id AS INTEGER) FROM legacy_rows WHERE our_table = ? AND legacy_id = ?",
                               arguments: [table, legacyID]) ?? -1
        }
    }

    static func count(_ store: LedgerStore, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}

/// Exact sums of decimal literals, through the ledger's own parser (no float anywhere).
func exact(_ amounts: [String]) throws -> MoneySum {
    var sum = MoneySum()
    for amount in amounts { sum.add(try Money(parsing: amount)) }
    return sum
}
