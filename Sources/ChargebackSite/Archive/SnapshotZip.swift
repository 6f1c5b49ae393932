import Foundation
import ZIPFoundation

/// Writes a snapshot zip with ZIPFoundation, the same bytes every time: the
/// entries in the order given (the caller sorts them), one fixed time, mode
/// 0644, no extra fields, and stored, not compressed: deflate's output
/// depends on the zlib build (zlib-ng gives other bytes), storing does not.
enum SnapshotZip {
    enum Content: Sendable {
        /// A file to copy, absolute path.
        case file(String)
        case bytes([UInt8])
    }

    struct Entry: Sendable {
        var path: String
        var content: Content
    }

    /// 1980-01-01 00:00 UTC: the earliest time a zip can hold.
    static let earliest = Date(timeIntervalSince1970: 315_532_800)

    static func write(_ entries: [Entry], to path: String, modified: Date) throws(SnapshotError) {
        unlink(path)
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for entry in entries {
                switch entry.content {
                case .bytes(let bytes):
                    try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                                         permissions: 0o644, compressionMethod: .none) { position, size in
                        Data(bytes[Int(position)..<min(bytes.count, Int(position) + size)])
                    }
                case .file(let source):
                    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
                    defer { try? handle.close() }
                    let size = try handle.seekToEnd()
                    try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(size), modificationDate: modified,
                                         permissions: 0o644, compressionMethod: .none) { position, chunk in
                        try handle.seek(toOffset: UInt64(position))
                        return try handle.read(upToCount: chunk) ?? Data()
                    }
                }
            }
        } catch {
            throw .io(path: path, message: "cannot write the archive: \(error)")
        }
    }
}
