import ChargebackCore
import Foundation

/// Checks a snapshot, a folder or a zip, against its `SHA256SUMS`: which
/// files are intact, changed, missing or extra (and, in a zip, damaged).
///
/// The manifest is looked for at the top (`SHA256SUMS`) or one folder down
/// (`openchargeback_P/SHA256SUMS`, as in our zips and what unzipping them gives).
public enum SnapshotVerifier {
    public static func verify(path: String) throws(SnapshotError) -> SnapshotReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        return isDirectory.boolValue ? try verifyFolder(path) : try verifyZip(path)
    }

    static func verifyFolder(_ path: String) throws(SnapshotError) -> SnapshotReport {
        let root = try folderRoot(path)
        let manifestPath = root + "/" + SnapshotManifest.fileName
        guard let data = FileManager.default.contents(atPath: manifestPath) else { throw .io(path: manifestPath, message: "cannot read") }
        let manifest = try SnapshotManifest.parse(Array(data), file: manifestPath)
        var found: [String: String] = [:]
        for relative in try files(under: root) where relative != SnapshotManifest.fileName {
            found[relative] = try FileSHA256.regularFile(root + "/" + relative) ?? ""
        }
        var report = SnapshotReport(manifest: manifestPath)
        report.compare(listed: manifest, found: found, damagedPaths: [])
        return report
    }

    static func verifyZip(_ path: String) throws(SnapshotError) -> SnapshotReport {
        let zip = try SnapshotZipReader(path: path)
        let entries = zip.files
        let manifests = entries.filter { ($0.path as NSString).lastPathComponent == SnapshotManifest.fileName }
            .filter { $0.path.split(separator: "/").count <= 2 }
        guard let manifestEntry = manifests.min(by: { $0.path.count < $1.path.count }) else {
            throw .noManifest(path: path, looked: "\(SnapshotManifest.fileName) or <folder>/\(SnapshotManifest.fileName) in the zip")
        }
        let prefix = String(manifestEntry.path.dropLast(SnapshotManifest.fileName.count))
        let manifest = try SnapshotManifest.parse(try zip.bytes(of: manifestEntry), file: path + ":" + manifestEntry.path)
        var found: [String: String] = [:]
        var damaged = Set<String>()
        for entry in entries where entry.path != manifestEntry.path {
            let relative = entry.path.hasPrefix(prefix) ? String(entry.path.dropFirst(prefix.count)) : entry.path + " (outside \(prefix))"
            // A second entry of one name (unzip would keep the last one) counts as extra.
            let key = found[relative] == nil && !damaged.contains(relative) ? relative : relative + " (a second entry of that name)"
            switch try zip.sha256(of: entry) {
            case .sha256(let hex): found[key] = entry.type == .file ? hex : ""
            case .damaged: damaged.insert(key)
            }
        }
        var report = SnapshotReport(manifest: manifestEntry.path)
        report.compare(listed: manifest, found: found, damagedPaths: damaged)
        return report
    }

    /// `path` itself when it holds the manifest, else its one subfolder that does.
    private static func folderRoot(_ path: String) throws(SnapshotError) -> String {
        if FileManager.default.fileExists(atPath: path + "/" + SnapshotManifest.fileName) { return path }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: path + "/" + $0 + "/" + SnapshotManifest.fileName) }
        guard children.count == 1, let child = children.first else {
            throw .noManifest(path: path, looked: "\(SnapshotManifest.fileName) in the folder or in exactly one of its subfolders")
        }
        return path + "/" + child
    }

    /// Every file under `root` that is not a folder, relative paths (symbolic links included, not followed).
    private static func files(under root: String) throws(SnapshotError) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { throw .io(path: root, message: "cannot list the folder") }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0 else { throw .io(path: root + "/" + relative, message: String(cString: strerror(errno))) }
            if info.st_mode & S_IFMT != S_IFDIR { out.append(relative) }
        }
        return out
    }
}
