import Crypto
import Foundation

/// Hex text of digests (SHA-256 of imported files, and later of site files).
public enum FileDigest {
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Why a file could not be hashed.
    public struct ReadError: Error, Equatable, Sendable {
        public var path: String
        public var message: String
    }

    /// SHA-256 (lowercase hex) of a regular file, read in 1 MiB chunks; nil
    /// when `path` is not a regular file (a link, a folder, nothing).
    public static func sha256(regularFile path: String) throws(ReadError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError(path: path, message: "cannot read") }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            throw ReadError(path: path, message: "cannot read: \(error)")
        }
        return hex(hasher.finalize())
    }
}
