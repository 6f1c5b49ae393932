import Foundation
import Yams

/// A loaded configuration and the warnings (unknown keys) found while loading it.
public struct LoadedConfig: Sendable {
    public var config: AppConfig
    /// One line each, `FILE:LINE: message`; show them to the user, they are not fatal.
    public var warnings: [String]
    /// Absolute path of the file that was loaded.
    public var path: String

    public init(config: AppConfig, warnings: [String], path: String) {
        self.config = config
        self.warnings = warnings
        self.path = path
    }
}

/// Which configuration file to use, as found by `ConfigLoader.resolvePath`.
public struct ConfigLocation: Sendable, Equatable {
    /// Absolute path of an existing file.
    public var path: String
    /// True when `config.example.yaml` was used because `config.yaml` is missing.
    public var isExample: Bool
}

public enum ConfigLoader {
    public static let defaultFileName = "config.yaml"
    public static let exampleFileName = "config.example.yaml"

    /// Where the legacy tool kept its configuration, tried after `config.yaml`.
    public static let legacyDefaultPath = "instance/config.yaml"

    /// Finds the configuration file.
    ///
    /// - explicit: the `-c/--config` value, or nil when the user gave none
    ///   (then `config.yaml` in `cwd`, else `instance/config.yaml`, the legacy tool's default).
    /// - allowExample: when no `-c` was given and neither exists, use
    ///   `config.example.yaml` from `cwd` instead. An explicit path never falls back.
    /// - Throws: `.fileNotFound` naming the paths tried and how to create one.
    public static func resolvePath(explicit: String?, allowExample: Bool, cwd: String) throws(ConfigError) -> ConfigLocation {
        let base = ConfigPaths.absolute(cwd)
        let fm = FileManager.default
        func isFile(_ p: String) -> Bool {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &dir) && !dir.boolValue
        }
        let given = explicit ?? defaultFileName
        let path = ConfigPaths.resolve(given, against: base, home: ProcessInfo.processInfo.environment["HOME"])
        if isFile(path) { return ConfigLocation(path: path, isExample: false) }

        var tried = [path]
        if explicit == nil {
            let legacy = ConfigPaths.resolve(legacyDefaultPath, against: base)
            if isFile(legacy) { return ConfigLocation(path: legacy, isExample: false) }
            tried.append(legacy)
        }
        if explicit == nil, allowExample {
            let example = ConfigPaths.resolve(exampleFileName, against: base)
            if isFile(example) { return ConfigLocation(path: example, isExample: true) }
            tried.append(example)
        }
        var dirFlag: ObjCBool = false
        let what = fm.fileExists(atPath: path, isDirectory: &dirFlag) && dirFlag.boolValue
            ? "configuration file is a directory" : "configuration file not found"
        let target = explicit ?? defaultFileName
        throw ConfigError(
            kind: .fileNotFound, file: given,
            message: "\(what) (tried \(tried.joined(separator: ", ")))\n"
                + "create one from the example: cp \(exampleFileName) \(target)\n"
                + "or name another with -c/--config PATH"
        )
    }

    /// Reads, parses and validates the configuration file at `path` (relative paths
    /// resolve against the current directory). `${VAR}` references expand from `environment`.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> LoadedConfig {
        let absolute = ConfigPaths.absolute(path)
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw ConfigError(kind: .fileNotFound, file: path,
                              message: "configuration file not found\ncreate one from the example: cp \(exampleFileName) \(path)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: absolute))
        } catch {
            throw ConfigError(kind: .unreadable, file: path, message: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(kind: .unreadable, file: path, message: "not UTF-8 text")
        }
        var loaded = try parse(yaml: text, file: path, baseDirectory: ConfigPaths.directory(of: absolute), environment: environment)
        loaded.path = absolute
        return loaded
    }

    /// Parses configuration text. `file` is only used in messages; relative paths in
    /// it resolve against `baseDirectory`, the file's folder (itself made absolute against
    /// the current directory), or, in a legacy file or with `paths_relative_to:
    /// working_directory`, against `workingDirectory` (default: the current directory).
    public static func parse(yaml text: String, file: String, baseDirectory: String, workingDirectory: String? = nil,
                             environment: [String: String]) throws(ConfigError) -> LoadedConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw syntaxError(error, file: file)
        }
        let rule = try pathRule(root, file: file, configFolder: ConfigPaths.absolute(baseDirectory),
                                workingDirectory: ConfigPaths.absolute(workingDirectory ?? FileManager.default.currentDirectoryPath),
                                environment: environment)
        let context = ConfigContext(file: file, paths: rule, environment: environment)
        let mapping: ConfigMapping
        if let root {
            let value = ConfigValue(node: root, path: "", context: context, keyLine: 1)
            if value.isNull {
                mapping = .empty(context: context, path: "")
            } else {
                guard case .mapping = root else {
                    throw ConfigError(kind: .wrongType, file: file, line: root.mark?.line ?? 1,
                                      message: "expected a mapping of settings (key: value) at the top level")
                }
                mapping = try value.mapping()
            }
        } else {
            mapping = .empty(context: context, path: "")
        }
        let config = try AppConfig(from: mapping)
        mapping.finish()
        return LoadedConfig(config: config, warnings: context.warnings, path: file)
    }

    /// Reads the top-level keys that decide how paths resolve: `paths_relative_to`,
    /// and the keys only the legacy tool writes (`ConfigDialect.legacyMarkers`).
    private static func pathRule(_ root: Node?, file: String, configFolder: String, workingDirectory: String,
                                 environment: [String: String]) throws(ConfigError) -> PathRule {
        var rule = PathRule(dialect: .current, base: .config, explicit: false, configFolder: configFolder,
                            workingDirectory: workingDirectory, marker: nil)
        guard case .mapping(let pairs)? = root else { return rule }
        var explicitBase: PathBase?
        for (key, value) in pairs {
            guard case .scalar(let k) = key else { continue }
            let line = key.mark?.line ?? 1
            if rule.marker == nil, ConfigDialect.legacyMarkers.contains(k.string) {
                rule.dialect = .legacy
                rule.marker = (k.string, line)
            }
            if k.string == "paths_relative_to" {
                let probe = ConfigContext(file: file, paths: rule, environment: environment)
                let v = ConfigValue(node: value, path: k.string, context: probe, keyLine: line)
                if !v.isNull { explicitBase = try v.oneOf(PathBase.self) }
            }
        }
        rule.explicit = explicitBase != nil
        rule.base = explicitBase ?? (rule.dialect == .legacy ? .workingDirectory : .config)
        return rule
    }

    private static func syntaxError(_ error: Error, file: String) -> ConfigError {
        guard let y = error as? YamlError else {
            return ConfigError(kind: .syntax, file: file, message: "invalid YAML: \(error)")
        }
        func make(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> ConfigError {
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return ConfigError(kind: .syntax, file: file, line: mark.line, message: message)
        }
        switch y {
        case let .scanner(context, problem, mark, _): return make(problem, mark, context)
        case let .parser(context, problem, mark, _): return make(problem, mark, context)
        case let .composer(context, problem, mark, _): return make(problem, mark, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigError(kind: .syntax, file: file, line: context.mark.line,
                               message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return ConfigError(kind: .syntax, file: file, message: "invalid YAML: \(y)")
        }
    }
}
