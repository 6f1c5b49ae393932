import ChargebackCore
import Crypto
import Foundation
import ZIPFoundation

/// Reads a snapshot zip: ours, or one re-made with `zip -r` or any tool
/// writing stored or deflated entries (ZIPFoundation reads both, ZIP64 too).
/// Every entry read is checked against its CRC-32.
struct SnapshotZipReader {
    enum Digest: Equatable {
        case sha256(String)
        /// The bytes do not match the entry's CRC-32: the zip itself is damaged.
        case damaged
    }

    let path: String
    private let archive: Archive

    init(path: String) throws(SnapshotError) {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .unreadableZip(path: path, message: "\(error)")
        }
    }

    /// Every entry that is not a folder, in the zip's order.
    var files: [ZIPFoundation.Entry] { archive.filter { $0.type != .directory } }

    func sha256(of entry: ZIPFoundation.Entry) throws(SnapshotError) -> Digest {
        var hasher = SHA256()
        guard try extract(entry, { hasher.update(data: $0) }) else { return .damaged }
        return .sha256(FileDigest.hex(hasher.finalize()))
    }

    func bytes(of entry: ZIPFoundation.Entry) throws(SnapshotError) -> [UInt8] {
        var out: [UInt8] = []
        guard try extract(entry, { out.append(contentsOf: $0) }) else {
            throw .unreadableZip(path: path, message: "\(entry.path): its bytes do not match its CRC-32")
        }
        return out
    }

    /// Hands the entry's bytes to `consumer`; false when they fail the entry's CRC-32.
    /// (ZIPFoundation's extract-to-a-consumer returns the CRC-32 it computed rather than checking it.)
    private func extract(_ entry: ZIPFoundation.Entry, _ consumer: (Data) -> Void) throws(SnapshotError) -> Bool {
        do {
            return try archive.extract(entry, skipCRC32: false) { consumer($0) } == entry.checksum
        } catch Archive.ArchiveError.invalidCRC32 {
            return false
        } catch {
            throw .unreadableZip(path: path, message: "\(entry.path): \(error)")
        }
    }
}
