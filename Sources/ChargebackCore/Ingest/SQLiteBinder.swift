import GRDB
import GRDBSQLite

/// Binds values straight onto a prepared statement: ingest writes a million
/// rows, and building GRDB `StatementArguments` per row would dominate.
struct SQLiteBinder {
    let handle: OpaquePointer
    private var index: Int32 = 0

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    mutating func text(_ value: String?) {
        index += 1
        guard var value else { sqlite3_bind_null(handle, index); return }
        let i = index
        value.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                _ = sqlite3_bind_text(handle, i, "", 0, nil)  // empty, not NULL
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, i, $0, Int32(bytes.count), SQLiteBinder.transient)
            }
        }
    }

    /// Binds `length` bytes of `buffer` from `start` without SQLite copying
    /// them (the buffer must outlive the statement's run); a length of
    /// `UInt32.max` binds NULL.
    mutating func textStatic(_ buffer: UnsafeBufferPointer<UInt8>, start: UInt32, length: UInt32) {
        index += 1
        guard length != UInt32.max else { sqlite3_bind_null(handle, index); return }
        guard length > 0, let base = buffer.baseAddress else {
            _ = sqlite3_bind_text(handle, index, "", 0, nil)
            return
        }
        _ = UnsafeRawPointer(base + Int(start)).withMemoryRebound(to: CChar.self, capacity: Int(length)) {
            sqlite3_bind_text(handle, index, $0, Int32(length), nil)  // SQLITE_STATIC
        }
    }

    mutating func int(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func blob(_ value: UnsafeRawBufferPointer) {
        index += 1
        _ = sqlite3_bind_blob(handle, index, value.baseAddress, Int32(value.count), SQLiteBinder.transient)
    }

    /// Binds bytes SQLite does not copy: they must stay valid until `run`.
    mutating func blobStatic(_ value: UnsafeRawBufferPointer) {
        index += 1
        _ = sqlite3_bind_blob(handle, index, value.baseAddress, Int32(value.count), nil)
    }

    /// Binds a copy of an inline identity or content hash.
    mutating func blob(_ value: IdentityBytes) { value.withBytes { blobCopy($0) } }
    mutating func blob(_ value: ContentBytes) { value.withBytes { blobCopy($0) } }

    private mutating func blobCopy(_ value: UnsafeRawBufferPointer) {
        index += 1
        _ = sqlite3_bind_blob(handle, index, value.baseAddress, Int32(value.count), SQLiteBinder.transient)
    }

    mutating func blob(_ value: [UInt8]) {
        index += 1
        let i = index
        value.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, i, raw.baseAddress, Int32(raw.count), SQLiteBinder.transient)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ db: Database) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
    }

    /// Steps once; true when a row is available.
    func step(_ db: Database) throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    func columnInt(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func columnText(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: p)
    }

    func columnBlob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }
}
