/// A `sha256sum`-compatible checksum list (`SHA256SUMS`, `inputs.sha256`):
/// one `<64 hex digits>  <path>` line per file, sorted by path, bytewise.
/// A path holding a backslash, a newline or a carriage return is written as
/// GNU `sha256sum` does: the line starts with `\` and those are escaped.
public struct SnapshotManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        /// Lowercase hex.
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public static let fileName = "SHA256SUMS"

    /// Sorted by path (bytewise, as `LC_ALL=C sort` would).
    public private(set) var entries: [Entry]

    /// Sorts `entries` by path. Keeps their order when `sorted` is false (a list of inputs in import order).
    public init(_ entries: [Entry], sorted: Bool = true) {
        self.entries = sorted ? entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) } : entries
    }

    public var text: String {
        entries.map { entry in
            let escaped = Self.escape(entry.path)
            return (escaped == entry.path ? "" : "\\") + entry.sha256 + "  " + escaped + "\n"
        }.joined()
    }

    /// Reads a manifest's bytes (from `file`, named in errors). Refuses what
    /// `sha256sum -c` would not check, and any path that could leave the snapshot folder.
    public static func parse(_ bytes: [UInt8], file: String) throws(SnapshotError) -> SnapshotManifest {
        var entries: [Entry] = []
        var seen = Set<String>()
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            func fail(_ message: String) -> SnapshotError { .malformedManifest(file: file, line: number, message: message) }
            var line = raw[...]
            let escaped = line.first == UInt8(ascii: "\\")
            if escaped { line = line.dropFirst() }
            let hex = line.prefix(64)
            let separator = Array(line.dropFirst(64).prefix(2))
            guard hex.count == 64, hex.allSatisfy(isHexDigit),
                  separator == Array("  ".utf8) || separator == Array(" *".utf8) else {
                throw fail("expected \"<64 hex digits>  <path>\" (a SHA-256, two spaces, a relative path), got \"\(String(decoding: raw.prefix(100), as: UTF8.self))\"")
            }
            guard let name = String(validating: line.dropFirst(66), as: UTF8.self) else { throw fail("expected a UTF-8 path") }
            let path = escaped ? try unescape(name, fail: fail) : name
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"),
                  !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw fail("expected a relative path inside the snapshot (no leading /, no . or .. or empty parts), got \"\(path)\"")
            }
            guard seen.insert(path).inserted else { throw fail("\(path) is listed twice") }
            entries.append(Entry(path: path, sha256: String(decoding: hex, as: UTF8.self).lowercased()))
        }
        return SnapshotManifest(entries, sorted: false)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func escape(_ path: String) -> String {
        guard path.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\r" }) else { return path }
        return path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
    }

    private static func unescape(_ text: String, fail: (String) -> SnapshotError) throws(SnapshotError) -> String {
        var out = ""
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            guard c == "\\" else {
                out.append(c)
                continue
            }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: throw fail("expected \\\\, \\n or \\r after a backslash in an escaped path")
            }
        }
        return out
    }
}
