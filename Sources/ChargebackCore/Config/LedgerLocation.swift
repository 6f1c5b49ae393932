/// Which ledger file to open, decided before anything is created.
///
/// A relative `database.path` means one file under this tool's rule (the
/// config's folder) and another under the legacy tool's (the working
/// directory). When the file does not say which (`paths_relative_to`) and the
/// two differ, a new empty ledger is never created beside an existing one: the
/// existing one is opened (with a note). When neither exists, the rule's path
/// is created only if its folder exists (a first run: `-c instance/config.yaml`
/// from the install folder); otherwise the command most likely ran from
/// another folder than the one meant (cron's home directory), so nothing is
/// created and the error lists both paths.
public struct LedgerLocation: Sendable, Equatable {
    /// The file to open (or create).
    public var path: String
    /// One line to show the user when the choice was not the plain rule's.
    public var note: String?

    public static func choose(_ database: DatabaseConfig, exists: (String) -> Bool) throws(LedgerLocationError) -> LedgerLocation {
        guard let other = database.otherCandidate else { return LedgerLocation(path: database.path) }
        switch (exists(database.path), exists(other)) {
        case (true, false):
            return LedgerLocation(path: database.path)
        case (false, true):
            return LedgerLocation(path: other, note: "\(database.setting): using the existing ledger \(other); "
                                  + "\(database.path) does not exist (add paths_relative_to to the config to make the choice explicit)")
        case (true, true):
            return LedgerLocation(path: database.path, note: "\(database.setting): ledgers exist at both \(database.path) and \(other); "
                                  + "using \(database.path) (set paths_relative_to in the config to choose)")
        case (false, false):
            guard exists(ConfigPaths.directory(of: database.path)) else {
                throw LedgerLocationError(setting: database.setting, tried: [database.path, other])
            }
            return LedgerLocation(path: database.path, note: "\(database.setting): creating a new ledger at \(database.path) "
                                  + "(there is none there nor at \(other))")
        }
    }
}

/// Neither candidate of a relative `database.path` exists, nor the rule's folder: nothing was created.
public struct LedgerLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var setting: String
    public var tried: [String]

    public var description: String {
        "\(setting): no ledger at \(tried.joined(separator: " or ")); nothing was created. The path is relative and "
            + "the config does not say to what: add paths_relative_to: config (relative to the config's folder) or "
            + "paths_relative_to: working_directory to the config, or make database.path absolute"
    }
}
