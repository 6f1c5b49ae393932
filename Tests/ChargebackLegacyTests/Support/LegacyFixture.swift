import ChargebackCore
import Foundation

/// A scratch folder holding a legacy ledger made by Tests/LegacyFixtures/make_legacy_ledger.py
/// (Python's sqlite3, as the legacy tool wrote its ledger), and what tests check about files.
final class LegacyFixture {
    let folder: String
    let legacy: String

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let script = repoRoot + "/Tests/LegacyFixtures/make_legacy_ledger.py"
    /// The ledger the real legacy tool wrote (absent on CI's clone).
    static let realLegacyLedger = repoRoot + "/../shared/legacy/billing.db"

    init() throws {
        folder = NSTemporaryDirectory() + "ocb-legacy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/legacy", withIntermediateDirectories: true)
        legacy = folder + "/legacy/billing.db"
        try Self.shell("/usr/bin/env", ["python3", Self.script, legacy])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Changes the legacy file with the sqlite3 shell (a test's variant, made before anything is checked).
    func apply(_ sql: String) throws {
        try Self.shell("/usr/bin/env", ["sqlite3", legacy, sql])
    }

    static func shell(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(arguments.joined(separator: " ")): exit \(process.terminationStatus): \(message)")
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// What must not change: the bytes, the journal mode (header bytes 18–19) and the folder's files.
    struct FileState: Equatable {
        var sha256: String
        var journalBytes: [UInt8]
        var folder: [String]
    }

    static func state(of path: String) throws -> FileState {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let folder = (path as NSString).deletingLastPathComponent
        return FileState(sha256: try FileDigest.sha256(regularFile: path) ?? "", journalBytes: Array(data[18..<20]),
                         folder: try FileManager.default.contentsOfDirectory(atPath: folder).sorted())
    }

    func state() throws -> FileState { try Self.state(of: legacy) }
}
