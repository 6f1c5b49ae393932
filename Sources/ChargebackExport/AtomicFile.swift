import CFileExchange
import ChargebackCore
import ChargebackRender
import Crypto
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
        do {
            _ = try write(to: path, durable: durable) { write in bytes.withUnsafeBytes(write) }
        } catch let error as SiteError {
            throw error
        } catch {
            throw .io(path: path, message: "\(error)")
        }
    }

    /// The same, for bytes `make` hands over in pieces as it makes them (a statement's PDF, written
    /// as cairo writes it): each piece is written at once and hashed. Returns the size and SHA-256 (hex).
    static func write(to path: String, durable: Bool = true,
                      _ make: (_ write: (UnsafeRawBufferPointer) -> Void) throws -> Void) throws -> (bytes: Int, sha256: String) {
        let temporary = try partial(path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteError.io(path: temporary, message: "cannot write: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        var hasher = SHA256()
        var count = 0
        do {
            try make { chunk in
                guard failure == 0 else { return }
                hasher.update(bufferPointer: chunk)
                count += chunk.count
                failure = writeAll(fd, chunk)
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if failure == 0, durable, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw SiteError.io(path: temporary, message: "cannot write: \(String(cString: strerror(failure)))")
        }
        try rename(temporary, to: path)
        return (count, FileDigest.hex(hasher.finalize()))
    }

    /// Where `path` is written before it is renamed into place (its folder made first).
    private static func partial(_ path: String) throws(SiteError) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, message: "cannot create the folder: \(error.localizedDescription)")
        }
        return folder + "/." + url.lastPathComponent + ".partial"
    }

    private static func rename(_ temporary: String, to path: String) throws(SiteError) {
        guard Glibc.rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, message: message)
        }
    }

    /// All of `chunk` written to `fd`; 0, or the errno of the failure.
    private static func writeAll(_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < chunk.count, let base = chunk.baseAddress {
            let written = Glibc.write(fd, base + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Everything written to `folder`'s file system reaches the disk (syncfs):
    /// the end of a batch written with `durable: false`.
    static func flush(_ folder: String) throws(SiteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: folder, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard ocb_sync_file_system(fd) == 0 else { throw .io(path: folder, message: "cannot flush to disk: \(String(cString: strerror(errno)))") }
    }
}
