import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages as `.eml` files in a folder (dev mode, `--to-dir`): complete
/// RFC 5322 messages that any mail client opens. A file is created with
/// `O_EXCL`, so a name already taken gets `-2`, `-3` … and no file is ever
/// overwritten.
public struct EMLDirectory: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// Writes `bytes` as `<name>.eml` (or the next free `<name>-N.eml`); returns its path.
    public func write(_ bytes: [UInt8], name: String) throws(MailError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, message: "cannot create the folder: \(error.localizedDescription)")
        }
        for n in 1...10_000 {
            let path = folder + "/" + name + (n == 1 ? "" : "-\(n)") + ".eml"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw .io(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            do {
                try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: Data(bytes))
            } catch {
                throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
            }
            return path
        }
        throw .io(path: folder + "/" + name + ".eml", message: "expected a free file name, found 10000 taken")
    }
}
