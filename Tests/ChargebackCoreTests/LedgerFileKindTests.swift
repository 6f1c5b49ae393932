import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// `LedgerStore` refuses, before writing, any file that is not a ledger of
/// ours: the legacy tool's billing.db above all (it used to switch it to WAL
/// and then fail). Such a file's bytes, journal mode and folder stay as they were.
@Suite struct LedgerFileKindTests {
    final class Folder {
        let path = NSTemporaryDirectory() + "ocb-kind-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// A database made by another program (GRDB here), closed before the test looks at it.
        func sqlite(_ name: String, wal: Bool = false, _ sql: String) throws -> String {
            let file = path + "/" + name
            let queue = try DatabaseQueue(path: file)
            try queue.writeWithoutTransaction { db in
                if wal { try db.execute(sql: "PRAGMA journal_mode = WAL") }
                try db.execute(sql: sql)
            }
            try queue.close()
            return file
        }

        /// Bytes, journal mode (header bytes 18–19) and the folder's files.
        func state(_ file: String) throws -> [String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            return [try FileDigest.sha256(regularFile: file) ?? "", data.count >= 20 ? "\(data[18]),\(data[19])" : "-"]
                + (try FileManager.default.contentsOfDirectory(atPath: path).sorted())
        }
    }

    static let legacyTables = """
        CREATE TABLE billing_periods (id INTEGER PRIMARY KEY, period VARCHAR(7) NOT NULL, status VARCHAR(20));
        CREATE TABLE sources (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);
        CREATE TABLE charges (id INTEGER PRIMARY KEY, billing_period_id INTEGER, billed_cost FLOAT NOT NULL);
        CREATE TABLE statements (id INTEGER PRIMARY KEY, total_cost FLOAT NOT NULL);
        CREATE TABLE email_logs (id INTEGER PRIMARY KEY, recipient VARCHAR(254) NOT NULL);
        INSERT INTO billing_periods VALUES (1, '2025-01', 'open');
        """

    @Test(arguments: [false, true])
    func aLegacyLedgerIsRefusedAndLeftAsItWas(wal: Bool) throws {
        let folder = try Folder()
        let legacy = try folder.sqlite("billing.db", wal: wal, Self.legacyTables)
        let before = try folder.state(legacy)
        #expect(before[1] == (wal ? "2,2" : "1,1"))
        #expect {
            _ = try LedgerStore(path: legacy)
        } throws: { error in
            guard error as? LedgerError == .legacyLedger(path: legacy, wal: wal) else { return false }
            let text = "\(error)"
            return text.contains("legacy OpenChargeback 0.4 ledger") && text.contains("openchargeback import-legacy \(legacy)")
                && text.contains("Nothing was written") && text.contains("journal_mode=DELETE") == wal
        }
        #expect(try folder.state(legacy) == before)
    }

    @Test func anyOtherDatabaseOrFileIsRefusedAndLeftAsItWas() throws {
        let folder = try Folder()
        let other = try folder.sqlite("notes.db", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        let walOther = try folder.sqlite("wal.db", wal: true, "CREATE TABLE t (x)")
        let text = folder.path + "/ledger.txt"
        try "not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        for (file, why) in [(other, "its tables are notes"), (walOther, "its tables are t"), (text, "not an SQLite database")] {
            let before = try folder.state(file)
            #expect(throws: LedgerError.notALedger(path: file, why)) { _ = try LedgerStore(path: file) }
            #expect(try folder.state(file) == before)
        }
    }

    @Test func anEmptyFileOrDatabaseBecomesALedgerAndOursOpensAgain() throws {
        let folder = try Folder()
        let empty = folder.path + "/empty.sqlite"
        FileManager.default.createFile(atPath: empty, contents: Data())
        let emptyDatabase = try folder.sqlite("blank.sqlite", "PRAGMA user_version = 0")
        for file in [empty, emptyDatabase, folder.path + "/new.sqlite"] {
            #expect(try SQLiteFile.kind(of: file) != .ledger)
            do { _ = try LedgerStore(path: file) }
            #expect(try SQLiteFile.kind(of: file) == .ledger)
            _ = try LedgerStore(path: file)
        }
    }

    @Test func theImmutableURIEncodesWhatSQLiteWouldReadAsItsQuery() {
        #expect(SQLiteFile.immutableURI("/tmp/a b/x?y#z%.db") == "file:/tmp/a%20b/x%3Fy%23z%25.db?immutable=1")
    }
}
