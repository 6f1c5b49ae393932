import ChargebackCore
import Crypto
import Foundation

/// SHA-256 of a file on disk, read in chunks.
enum FileSHA256 {
    /// Lowercase hex; nil when `path` is not a regular file (a link, a folder, nothing).
    static func regularFile(_ path: String) throws(SnapshotError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io(path: path, message: "cannot read") }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            throw .io(path: path, message: "cannot read: \(error)")
        }
        return FileDigest.hex(hasher.finalize())
    }
}
