import CFileExchange
import ChargebackRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written beside its target and renamed into place: a reader (or a
/// sync job) never sees half a journal or statement.
enum AtomicFile {
    /// Writes beside the target and renames: a reader never sees half a file.
    ///
    /// `durable`: the bytes reach the disk before the rename (one file that
    /// must survive a crash as soon as this returns). A batch of files (the
    /// PDFs of `generate`) passes false and calls `flush` once at the end:
    /// an fsync per file made `generate` wait on the disk 6,000 times.
    static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(SiteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, message: "cannot create the folder: \(error.localizedDescription)")
        }
        do {
            try writeAll(bytes, to: temporary, durable: durable)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, message: message)
        }
    }

    /// Everything written to `folder`'s file system reaches the disk (syncfs):
    /// the end of a batch written with `durable: false`.
    static func flush(_ folder: String) throws(SiteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: folder, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard ocb_sync_file_system(fd) == 0 else { throw .io(path: folder, message: "cannot flush to disk: \(String(cString: strerror(errno)))") }
    }

    private static func writeAll(_ bytes: [UInt8], to path: String, durable: Bool) throws(SiteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, durable, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        guard failure == 0 else { throw .io(path: path, message: "cannot write: \(String(cString: strerror(failure)))") }
    }
}
