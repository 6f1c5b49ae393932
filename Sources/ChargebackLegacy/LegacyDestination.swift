import ChargebackCore
import Foundation

/// Where `import-legacy` writes our ledger: two files, never the legacy one.
///
/// 1. `--into PATH`;
/// 2. else the config's `database.path` when a ledger of ours is already there
///    (our own config, pointing at our ledger);
/// 3. else `openchargeback.sqlite` beside the legacy file. A legacy config
///    names its billing.db in `database.path` (read for its settings only);
///    and no new file is made at a path a config only implies, since the
///    legacy tool resolved relative paths differently (see `configIgnored`).
public struct LegacyDestination: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case into
        case config
        case besideLegacy
    }

    /// Absolute path.
    public var path: String
    public var reason: Reason
    /// The config's `database.path` when it was not used (not a ledger of ours yet), for the summary.
    public var configIgnored: String?

    public init(path: String, reason: Reason, configIgnored: String? = nil) {
        self.path = path
        self.reason = reason
        self.configIgnored = configIgnored
    }

    public static let defaultName = "openchargeback.sqlite"

    public static func choose(legacy: String, into: String?, configDatabasePath: String?, cwd: String) throws -> LegacyDestination {
        let legacyPath = absolute(legacy, cwd: cwd)
        if let into {
            let path = absolute(into, cwd: cwd)
            if sameFile(path, legacyPath) { throw LegacyLedgerError.destinationIsLegacyFile(legacyPath) }
            return .init(path: path, reason: .into)
        }
        let configured = configDatabasePath.map { absolute($0, cwd: cwd) }
        if let configured, !sameFile(configured, legacyPath), (try? SQLiteFile.kind(of: configured)) == .ledger {
            return .init(path: configured, reason: .config)
        }
        return .init(path: (legacyPath as NSString).deletingLastPathComponent + "/" + defaultName, reason: .besideLegacy,
                     configIgnored: configured.flatMap { sameFile($0, legacyPath) ? nil : $0 })
    }

    static func absolute(_ path: String, cwd: String) -> String {
        ((path.hasPrefix("/") ? path : cwd + "/" + path) as NSString).standardizingPath
    }

    /// The same path, or two names of one file (a link, `..`): same device and inode.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
