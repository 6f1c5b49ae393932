import Foundation

/// Where the built-in `content/` and `themes/` folders are. They stay
/// top-level folders of the repository so that users find and copy them;
/// an installed tool finds them in `share/openchargeback` beside `bin/`.
public enum BuiltinFolder {
    /// First folder holding `themes/default/layouts`: `$OPENCHARGEBACK_SHARE`,
    /// `<executable>/../share/openchargeback`, then the source checkout this
    /// binary was built from.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let share = environment["OPENCHARGEBACK_SHARE"], !share.isEmpty { candidates.append(share) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/openchargeback").path)
        // Sources/ChargebackRender/Templates/BuiltinFolder.swift → the checkout's root.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/themes/default/layouts") }
    }

    /// `locate`, or the error every command reports when the folders are missing.
    public static func required(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SiteError) -> String {
        guard let folder = locate(environment: environment) else {
            throw .missingBuiltin("looked beside the executable and in the source checkout")
        }
        return folder
    }
}
