/// Path arithmetic for configuration values, done on strings so results are
/// deterministic and independent of the current directory at use time.
import Foundation

enum ConfigPaths {
    /// `path` made absolute against the process's current directory, normalized.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? normalize(path) : resolve(path, against: FileManager.default.currentDirectoryPath)
    }

    /// Resolves `path` against `base` (an absolute directory). `~/…` expands to `home` when given.
    static func resolve(_ path: String, against base: String, home: String? = nil) -> String {
        var p = path
        if let home, !home.isEmpty, p == "~" || p.hasPrefix("~/") {
            p = home + p.dropFirst()
        }
        if p.hasPrefix("/") { return normalize(p) }
        return normalize(base + "/" + p)
    }

    /// Collapses `.`, `..` and repeated `/` of an absolute path; drops a trailing `/`.
    static func normalize(_ absolute: String) -> String {
        var parts: [Substring] = []
        for component in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The directory holding `absolutePath`.
    static func directory(of absolutePath: String) -> String {
        let n = normalize(absolutePath)
        guard let slash = n.lastIndex(of: "/"), slash != n.startIndex else { return "/" }
        return String(n[..<slash])
    }

    /// The last component of a path.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
