/// What `SnapshotVerifier` found: each file of the snapshot against its
/// manifest. Paths are relative to the folder holding `SHA256SUMS`; a file
/// outside that folder (in a zip) is named by its full path in the zip.
public struct SnapshotReport: Sendable, Equatable {
    /// Where the manifest was: "openchargeback_2026-09/SHA256SUMS" in a zip, or a path on disk.
    public var manifest: String
    public var intact: [String] = []
    /// Listed, present, but its SHA-256 differs.
    public var changed: [String] = []
    /// Listed and not there.
    public var missing: [String] = []
    /// There and not listed.
    public var extra: [String] = []
    /// Zip entries whose bytes fail their own CRC-32: the zip is damaged.
    public var damaged: [String] = []

    public var isIntact: Bool { changed.isEmpty && missing.isEmpty && extra.isEmpty && damaged.isEmpty }

    init(manifest: String) { self.manifest = manifest }

    /// Compares `found` (path → SHA-256; "" for what is not a regular file) with `listed`.
    mutating func compare(listed: SnapshotManifest, found: [String: String], damagedPaths: Set<String>) {
        for entry in listed.entries {
            if damagedPaths.contains(entry.path) {
                damaged.append(entry.path)
            } else if let digest = found[entry.path] {
                if digest == entry.sha256 { intact.append(entry.path) } else { changed.append(entry.path) }
            } else {
                missing.append(entry.path)
            }
        }
        let known = Set(listed.entries.map(\.path))
        extra += found.keys.filter { !known.contains($0) }
        damaged += damagedPaths.filter { !known.contains($0) }
        for keyPath in [\SnapshotReport.intact, \.changed, \.missing, \.extra, \.damaged] { self[keyPath: keyPath].sort() }
    }
}
