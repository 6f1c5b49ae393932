@testable import ChargebackExport
import ChargebackCore
import ChargebackRender
import Crypto
import Foundation
import Testing

/// Files renamed into place whole: the PDFs of `generate`, the journals of `export-journal`.
@Suite struct AtomicFileTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "ocb-atomic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: [true, false])
    func writesTheBytesIntoNewFoldersAndLeavesNothingBeside(durable: Bool) throws {
        let root = try Self.folder()
        let path = root + "/2026-10/ada_x.edu/p-1.pdf"
        let bytes = Array((0..<70_000).map { UInt8($0 % 251) })
        try AtomicFile.write(bytes, to: path, durable: durable)
        try AtomicFile.write(Array("second".utf8), to: path, durable: durable)
        try AtomicFile.flush(root)
        #expect(FileManager.default.contents(atPath: path) == Data("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/2026-10/ada_x.edu") == ["p-1.pdf"])
    }

    @Test func aFailedWriteNamesThePathAndLeavesTheOldFile() throws {
        let root = try Self.folder()
        let path = root + "/statement.pdf"
        try AtomicFile.write(Array("old".utf8), to: path)
        // A folder where the file should go: the rename fails, the old bytes stay nowhere to be overwritten.
        let blocked = root + "/blocked.pdf"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        #expect {
            try AtomicFile.write(Array("new".utf8), to: blocked)
        } throws: { error in
            String(describing: error).contains(blocked)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["blocked.pdf", "statement.pdf"], "no .partial left behind")
        #expect(throws: SiteError.self) { try AtomicFile.flush(root + "/missing") }
    }

    /// Written in pieces as they are made (a PDF as cairo writes it): the whole file, its size and SHA-256;
    /// a failure while making leaves the old file and nothing beside it.
    @Test func aFileWrittenInPiecesIsWholeAndHashed() throws {
        let root = try Self.folder()
        let path = root + "/p-1.pdf"
        let bytes = Array((0..<70_000).map { UInt8($0 % 251) })
        let written = try AtomicFile.write(to: path, durable: false) { write in
            for start in stride(from: 0, to: bytes.count, by: 4096) {
                bytes[start..<min(start + 4096, bytes.count)].withUnsafeBytes(write)
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        #expect(written.bytes == bytes.count)
        #expect(written.sha256 == FileDigest.hex(SHA256.hash(data: bytes)))
        struct Broke: Error {}
        #expect(throws: Broke.self) {
            _ = try AtomicFile.write(to: path) { write in
                Array("partial".utf8).withUnsafeBytes(write)
                throw Broke()
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["p-1.pdf"])
    }
}
