import ChargebackCore
import Foundation
import GRDB

/// A legacy billing.db, read and left exactly as it was: opened read-only
/// (`SQLiteFile.openReadOnly`: no write, no journal-mode change, no file
/// beside it), read in one read transaction, closed. Its SHA-256 is taken
/// before and after; if they differ (the legacy tool wrote meanwhile) the
/// read is refused rather than imported from a moving target.
enum LegacyLedgerFile {
    static func read(_ path: String, timestamps: LegacyTimestamp) throws -> (LegacyLedger, LegacyImportPlan.Origin) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        switch try SQLiteFile.kind(of: absolute) {
        case .legacyLedger: break
        case .absent:
            if FileManager.default.fileExists(atPath: absolute) { throw LegacyLedgerError.notLegacy(absolute, why: "an empty file") }
            throw LegacyLedgerError.notFound(absolute)
        case .ledger: throw LegacyLedgerError.alreadyOurs(absolute)
        case .emptyDatabase: throw LegacyLedgerError.notLegacy(absolute, why: "an SQLite database without tables")
        case .foreign(let why): throw LegacyLedgerError.notLegacy(absolute, why: why)
        }
        let before = try digest(absolute)
        let queue = try SQLiteFile.openReadOnly(absolute)
        let ledger: LegacyLedger
        do {
            ledger = try queue.read { db in
                let tables = try LegacySchema.check(db, path: absolute)
                var reader = LegacyReader(db: db, timestamps: timestamps)
                return try reader.read(tables: tables)
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw LedgerError.unreadable(path: absolute, error.message ?? error.description)
        }
        let after = try digest(absolute)
        guard before == after else { throw LegacyLedgerError.changedWhileReading(absolute) }
        let origin = LegacyImportPlan.Origin(path: absolute, sha256: after.sha256, bytes: after.bytes,
                                             schemaVersion: ledger.schemaVersion, timeZone: timestamps.zone.identifier)
        return (ledger, origin)
    }

    private static func digest(_ path: String) throws -> (sha256: String, bytes: Int64) {
        guard let sha256 = try FileDigest.sha256(regularFile: path) else { throw LegacyLedgerError.notLegacy(path, why: "not a regular file") }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return (sha256, bytes)
    }
}
