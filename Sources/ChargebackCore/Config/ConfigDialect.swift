/// Which tool a configuration file was written for, and what relative paths
/// in it resolve against.
///
/// The legacy Python OpenChargeback 0.4 wrote top-level keys this tool never
/// writes: `dev_mode`, `web:`, `sources:`. A file with any of them is read as
/// the legacy tool read it: relative paths against the working directory
/// (where its users run it, `-c instance/config.yaml`), and its defaults for
/// the ledger, output folders and tag keys. `paths_relative_to` says it
/// explicitly for any file (docs/migrating.md).
public enum ConfigDialect: String, Sendable, Equatable {
    case current
    case legacy

    /// Top-level keys only the legacy tool writes.
    static let legacyMarkers = ["dev_mode", "web", "sources"]
}

/// `paths_relative_to:` — what a relative path in the file is relative to.
public enum PathBase: String, Sendable, Equatable, CaseIterable {
    /// The folder holding the configuration file (this tool's rule).
    case config
    /// The directory the command runs in (the legacy tool's rule).
    case workingDirectory = "working_directory"

    /// How messages name the base.
    var phrase: String {
        switch self {
        case .config: "relative to the config's folder"
        case .workingDirectory: "relative to the working directory"
        }
    }
}

/// How one file's relative paths resolve, decided from its top-level keys
/// before any section is read.
struct PathRule {
    var dialect: ConfigDialect
    var base: PathBase
    /// True when the file says `paths_relative_to`; false when the dialect chose.
    var explicit: Bool
    /// Absolute folders for each base.
    var configFolder: String
    var workingDirectory: String
    /// The first legacy key found and its line (for the notice).
    var marker: (key: String, line: Int)?

    func directory(_ base: PathBase) -> String {
        base == .config ? configFolder : workingDirectory
    }

    var baseDirectory: String { directory(base) }

    /// The folder of the rule not chosen, when it is a different folder and the
    /// file did not say which: a relative ledger path there is a second candidate.
    var otherDirectory: String? {
        let other = directory(base == .config ? .workingDirectory : .config)
        return explicit || other == baseDirectory ? nil : other
    }
}
