import Foundation
import GRDB

/// What a file at a ledger path holds, told without writing to it.
public enum LedgerFileKind: Equatable, Sendable {
    /// No file, or an empty (0-byte) one: a new ledger may be made there.
    case absent
    /// An SQLite database without tables: a new ledger may be made in it.
    case emptyDatabase
    /// A ledger of ours (its migrations table names ours).
    case ledger
    /// A ledger of the legacy Python OpenChargeback (0.4): its tables, none of ours.
    /// `wal`: its journal mode is WAL (the legacy tool itself never sets it).
    case legacyLedger(wal: Bool)
    /// Anything else, with a short reason ("not an SQLite database", "its tables: …").
    case foreign(String)
}

/// Opening an SQLite file that may not be ours (a legacy billing.db, a file
/// named by mistake) without changing it: no byte of it, not its journal mode,
/// and no `-wal`, `-shm` or `-journal` file left beside it.
///
/// A rollback-journal file is opened with SQLITE_OPEN_READONLY: SQLite then
/// only takes shared locks and never creates a file. A WAL file with no `-wal`
/// and no `-shm` beside it has no other connection and nothing waiting to be
/// checkpointed, so its main file is complete; it is opened `immutable=1`,
/// because a read-only open of a WAL file creates `-wal` and `-shm` and leaves
/// them behind (measured with sqlite3 3.40). A WAL file whose `-wal` or `-shm`
/// exists is opened read-only as it is: those files are already there.
public enum SQLiteFile {
    /// The tables only the legacy tool's ledger has (together), from its schema.
    static let legacyTables: Set<String> = ["billing_periods", "charges", "sources", "statements", "email_logs"]
    /// The first migration of ours, as recorded by GRDB in `grdb_migrations`.
    static let ourFirstMigration = "v1 ledger tables"

    struct Header {
        var isSQLite: Bool
        /// File format versions 2/2 (bytes 18–19): WAL mode.
        var isWAL: Bool
    }

    /// The first 20 bytes of the file, or nil when it cannot be read.
    static func header(_ path: String) -> Header? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 20)) ?? Data())
        let magic = Array("SQLite format 3\u{0}".utf8)
        guard bytes.count >= 20, Array(bytes[0..<16]) == magic else { return Header(isSQLite: false, isWAL: false) }
        return Header(isSQLite: true, isWAL: bytes[18] == 2 && bytes[19] == 2)
    }

    /// Opens `path` for reading only, never writing to it or beside it (see the type's comment).
    public static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let fm = FileManager.default
        let quiet = !fm.fileExists(atPath: path + "-wal") && !fm.fileExists(atPath: path + "-shm")
        let target = (header(path)?.isWAL ?? false) && quiet ? immutableURI(path) : path
        return try DatabaseQueue(path: target, configuration: configuration)
    }

    /// `file:` URI with `immutable=1`; `?`, `#` and `%` in the path percent-encoded (RFC 3986, as SQLite reads URIs).
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var encoded = ""
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0..<0x21, 0x7F...:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            default:
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:" + encoded + "?immutable=1"
    }

    /// What `path` holds. Throws `LedgerError.unreadable` when it is an SQLite
    /// file that cannot be read without writing (say, a hot journal to roll back).
    public static func kind(of path: String) throws -> LedgerFileKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        if isDirectory.boolValue { return .foreign("a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size == 0 { return .absent }
        guard let header = header(path) else { throw LedgerError.unreadable(path: path, "cannot read the file") }
        guard header.isSQLite else { return .foreign("not an SQLite database") }
        let tables: [String]
        let migrations: [String]
        do {
            let queue = try openReadOnly(path)
            (tables, migrations) = try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
                let migrations = tables.contains("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                return (tables, migrations)
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw LedgerError.unreadable(path: path, error.message ?? error.description)
        }
        if tables.isEmpty { return .emptyDatabase }
        if migrations.contains(ourFirstMigration) { return .ledger }
        if legacyTables.isSubset(of: tables) && !tables.contains("grdb_migrations") { return .legacyLedger(wal: header.isWAL) }
        let shown = tables.prefix(6).joined(separator: ", ") + (tables.count > 6 ? ", …" : "")
        return .foreign("its tables are \(shown)")
    }
}
