import Foundation
import GRDB

/// The SQLite ledger: one file, WAL mode, foreign keys on, migrated to the
/// current schema when opened. Every write goes through `write`, which runs in
/// one transaction. A file that is not a ledger of ours (a legacy billing.db,
/// anything else not empty) is refused before anything is written to it.
public final class LedgerStore: Sendable {
    public let path: String
    let queue: DatabasePool
    let clock: LedgerClock

    public init(path: String, clock: LedgerClock = .system) throws {
        self.path = path
        self.clock = clock
        switch try SQLiteFile.kind(of: path) {
        case .absent, .emptyDatabase, .ledger: break
        case .legacyLedger(let wal): throw LedgerError.legacyLedger(path: path, wal: wal)
        case .foreign(let why): throw LedgerError.notALedger(path: path, why)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // The largest pages: charges are written in bulk and read a period
            // at a time, and each page is one write for the kernel (measured:
            // ingest of 1M rows ~3 % faster than 16 KiB). Only takes effect
            // when the ledger file is created.
            try db.execute(sql: "PRAGMA page_size = 65536")
            // WAL lets `build` read while an ingest writes; NORMAL sync is safe in WAL.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MiB of page cache for the one writer (bulk inserts and their
            // index pages). Readers scan a period once, in order, and a build
            // has several at a time (statements, period report, ...); the cache
            // size also caps a sort's memory before it spills to a temporary
            // file. 8 MiB each: with 32, SQLite held 103 MB of the 1M-row build's
            // heap peak (heaptrack, docs/PERFORMANCE.md).
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -32768")
        }
        do {
            queue = try DatabasePool(path: path, configuration: configuration)
            try LedgerSchema.migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw LedgerError.database("\(path): \(error.message ?? error.description)")
        }
    }

    /// Runs `body` in one transaction; SQLite trigger aborts become `LedgerError`.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as DatabaseError {
            throw LedgerError.from(error)
        }
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw LedgerError.from(error)
        }
    }

    func now() -> String { clock.timestamp() }

    /// Appends one line to the audit log (inside the caller's transaction), at
    /// `at` when the event happened earlier (history carried over), else now.
    func audit(_ db: Database, actor: String, action: String, period: BillingPeriod? = nil,
               entity: String, entityID: String? = nil, details: String = "", at: String? = nil) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, period, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [at ?? now(), actor, action, period?.description, entity, entityID, details])
    }
}

/// Where timestamps come from, so tests can fix them.
public struct LedgerClock: Sendable {
    let now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date) { self.now = now }
    public static let system = LedgerClock { Date() }

    func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now())
    }
}
