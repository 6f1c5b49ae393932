import ArgumentParser
import ChargebackCore
import Foundation

/// Options every command takes: which config, and who is acting.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .customLong("config")], help: "Configuration file (default: ./config.yaml, else ./instance/config.yaml).")
    var config: String?

    @Flag(name: .customLong("use-example-config"), help: "Fall back to config.example.yaml when no config.yaml exists.")
    var useExampleConfig = false

    /// Loads the config (printing its warnings) and opens the ledger.
    func context() throws -> CommandContext {
        try context(config: loadConfig())
    }

    /// Loads the config, printing its warnings; the ledger is not opened.
    func loadConfig() throws -> AppConfig {
        do throws(ConfigError) {
            return try load().config
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Opens the ledger (and the log) for a loaded config.
    func context(config: AppConfig) throws -> CommandContext {
        do {
            // Decided before anything is created (the log file, the ledger).
            let ledger = try LedgerLocation.choose(config.database) { FileManager.default.fileExists(atPath: $0) }
            if let note = ledger.note { Terminal.warning(note) }
            var config = config
            config.database.path = ledger.path
            // The ledger first: a legacy or foreign file is refused before the log's folder is made.
            let store = try LedgerStore(path: ledger.path)
            let logger = try LogSetup.logger(config.logging)
            return CommandContext(config: config, store: store, logger: logger)
        } catch let error as ConfigError {
            throw CommandFailure(error.description)
        } catch let error as LedgerLocationError {
            throw CommandFailure(error.description)
        } catch let error as LedgerError {
            throw CommandFailure(error.description)
        }
    }
}

extension GlobalOptions {
    /// Finds and loads the config, printing its warnings.
    func load() throws(ConfigError) -> LoadedConfig {
        let location = try ConfigLoader.resolvePath(explicit: config, allowExample: useExampleConfig,
                                                    cwd: FileManager.default.currentDirectoryPath)
        let loaded = try ConfigLoader.load(path: location.path, environment: ProcessInfo.processInfo.environment)
        for warning in loaded.warnings { Terminal.warning(warning) }
        return loaded
    }

    /// The config when one was named or found; nil when no -c was given and
    /// none is there (for a command that needs none, like `import-legacy`).
    func loadIfPresent() throws -> LoadedConfig? {
        do {
            return try load()
        } catch let error where error.kind == .fileNotFound && config == nil {
            return nil
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// `--by`: the actor recorded in the ledger (default: the login name).
struct ActorOption: ParsableArguments {
    @Option(name: .customLong("by"), help: "Who is acting, for the audit log (default: your login name).")
    var by: String?

    var actor: String {
        if let by, !by.isEmpty { return by }
        let env = ProcessInfo.processInfo.environment
        return env["USER"] ?? env["LOGNAME"] ?? getlogin().map { String(cString: $0) } ?? "unknown"
    }
}

/// A `YYYY-MM` option value.
extension BillingPeriod: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}
