import ChargebackCore

/// SHA-256 of a file on disk, read in chunks (`FileDigest.sha256`), with the snapshot's error.
enum FileSHA256 {
    /// Lowercase hex; nil when `path` is not a regular file (a link, a folder, nothing).
    static func regularFile(_ path: String) throws(SnapshotError) -> String? {
        do {
            return try FileDigest.sha256(regularFile: path)
        } catch {
            throw .io(path: error.path, message: error.message)
        }
    }
}
