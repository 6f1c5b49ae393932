import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written beside its target and renamed into place: a reader (or a
/// sync job) never sees half a journal or statement.
enum AtomicFile {
    /// Writes beside the target and renames: a reader never sees half a file.
    static func write(_ bytes: [UInt8], to path: String) throws(SiteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw SiteError.io(path: path, message: String(cString: strerror(errno)))
            }
        } catch let error as SiteError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
