import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import Foundation
import Testing

/// `SnapshotVerifier` and `SnapshotManifest` on small hand-made snapshots:
/// every kind of difference, in a folder and in a zip, and bad manifests.
@Suite struct SnapshotVerifierTests {
    /// A snapshot folder `openchargeback_T/` with three files and its manifest, and the same as a zip.
    final class Snapshot {
        let root = NSTemporaryDirectory() + "ocb-snapshot-" + UUID().uuidString
        var folder: String { root + "/openchargeback_T" }
        var zip: String { root + "/openchargeback_T.zip" }
        let files = ["periods/T/index.html": "<p>period page, unique-bytes-1</p>\n", "pi/a/T/statement.pdf": "%PDF unique-bytes-2",
                     "assets/style.css": "body { color: black }\n"]

        init() throws {
            var listed: [SnapshotManifest.Entry] = []
            for (path, text) in files {
                try FileManager.default.createDirectory(atPath: ((folder + "/" + path) as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
                listed.append(.init(path: path, sha256: try #require(try FileSHA256.regularFile(folder + "/" + path))))
            }
            try SnapshotManifest(listed).text.write(toFile: folder + "/SHA256SUMS", atomically: true, encoding: .utf8)
            let entries = (files.keys.sorted() + ["SHA256SUMS"]).map {
                SnapshotZip.Entry(path: "openchargeback_T/" + $0, content: .file(folder + "/" + $0))
            }
            try SnapshotZip.write(entries, to: zip, modified: SnapshotZip.earliest)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func anIntactFolderAndZipPass() throws {
        let s = try Snapshot()
        for path in [s.folder, s.root + "/openchargeback_T", s.zip] {
            let report = try SnapshotVerifier.verify(path: path)
            #expect(report.isIntact, "\(path)")
            #expect(report.intact == s.files.keys.sorted())
        }
        // The folder that holds the unzipped one also works (the manifest one level down).
        try FileManager.default.removeItem(atPath: s.zip)
        #expect(try SnapshotVerifier.verify(path: s.root).isIntact)
    }

    @Test func oneChangedByteOneDeletedFileAndOneAddedFileAreEachNamed() throws {
        let s = try Snapshot()
        let page = s.folder + "/periods/T/index.html"
        var bytes = try #require(FileManager.default.contents(atPath: page))
        bytes[3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: page))
        var report = try SnapshotVerifier.verify(path: s.folder)
        #expect(report.changed == ["periods/T/index.html"])
        #expect(report.missing.isEmpty && report.extra.isEmpty && !report.isIntact)

        try FileManager.default.removeItem(atPath: s.folder + "/assets/style.css")
        try "new".write(toFile: s.folder + "/pi/a/T/added.txt", atomically: true, encoding: .utf8)
        report = try SnapshotVerifier.verify(path: s.folder)
        #expect(report.changed == ["periods/T/index.html"])
        #expect(report.missing == ["assets/style.css"])
        #expect(report.extra == ["pi/a/T/added.txt"])
        #expect(report.intact == ["pi/a/T/statement.pdf"])
    }

    @Test func aZipWithADamagedEntryOrAChangedManifestEntryIsCaught() throws {
        let s = try Snapshot()
        // Stored entries: the file's bytes are in the zip as they are; flip one (its CRC-32 no longer matches).
        var zip = try #require(FileManager.default.contents(atPath: s.zip))
        let marker = Data("unique-bytes-2".utf8)
        let at = try #require(zip.range(of: marker)).lowerBound
        zip[at] ^= 0x20
        try zip.write(to: URL(fileURLWithPath: s.zip))
        let report = try SnapshotVerifier.verify(path: s.zip)
        #expect(report.damaged == ["pi/a/T/statement.pdf"])
        #expect(!report.isIntact)
    }

    @Test func aZipRemadeWithZipDashRIsReadToo() throws {
        let s = try Snapshot()
        try FileManager.default.removeItem(atPath: s.zip)
        let zipped = try StatementPDFSiteTests.run("/usr/bin/zip", ["-qr", s.zip, "openchargeback_T"], in: s.root)
        #expect(zipped.status == 0, "\(zipped.output)")
        #expect(try SnapshotVerifier.verify(path: s.zip).intact.count == 3)
        // An entry added to it is extra, and a file outside the snapshot's folder is named by its whole path.
        try "x".write(toFile: s.root + "/stray.txt", atomically: true, encoding: .utf8)
        #expect(try StatementPDFSiteTests.run("/usr/bin/zip", ["-q", s.zip, "stray.txt", "openchargeback_T/periods/T/index.html"], in: s.root).status == 0)
        try "y".write(toFile: s.folder + "/extra.txt", atomically: true, encoding: .utf8)
        #expect(try StatementPDFSiteTests.run("/usr/bin/zip", ["-q", s.zip, "openchargeback_T/extra.txt"], in: s.root).status == 0)
        let report = try SnapshotVerifier.verify(path: s.zip)
        #expect(report.extra == ["extra.txt", "stray.txt (outside openchargeback_T/)"])
    }

    @Test func ourZipIsTheSameBytesEveryTime() throws {
        let s = try Snapshot()
        let first = try #require(FileManager.default.contents(atPath: s.zip))
        let again = s.root + "/again.zip"
        let entries = (s.files.keys.sorted() + ["SHA256SUMS"]).map {
            SnapshotZip.Entry(path: "openchargeback_T/" + $0, content: .file(s.folder + "/" + $0))
        }
        try SnapshotZip.write(entries, to: again, modified: SnapshotZip.earliest)
        #expect(FileManager.default.contents(atPath: again) == first)
    }

    @Test func aMalformedManifestIsAnErrorNamingTheLine() throws {
        let s = try Snapshot()
        let good = try String(contentsOfFile: s.folder + "/SHA256SUMS", encoding: .utf8)
        let lines = good.split(separator: "\n").map(String.init)
        for (bad, expected) in [
            (lines[0] + "\n" + "abc  periods/T/index.html", "expected \"<64 hex digits>  <path>\""),
            (lines[0] + "\n" + lines[1] + "\n" + String(repeating: "a", count: 64) + "  ../../etc/passwd", "expected a relative path"),
            (lines[0] + "\n" + lines[0], "is listed twice"),
        ] {
            try (bad + "\n").write(toFile: s.folder + "/SHA256SUMS", atomically: true, encoding: .utf8)
            #expect {
                try SnapshotVerifier.verify(path: s.folder)
            } throws: { error in
                let text = String(describing: error)
                return text.contains("SHA256SUMS:\(bad.split(separator: "\n").count):") && text.contains(expected)
            }
        }
    }

    @Test func notASnapshotIsAClearError() throws {
        let s = try Snapshot()
        let notZip = s.root + "/not.zip"
        try "hello".write(toFile: notZip, atomically: true, encoding: .utf8)
        #expect(throws: SnapshotError.self) { try SnapshotVerifier.verify(path: notZip) }
        #expect(throws: SnapshotError.self) { try SnapshotVerifier.verify(path: s.root + "/nothing-here") }
        try FileManager.default.removeItem(atPath: s.folder + "/SHA256SUMS")
        #expect {
            try SnapshotVerifier.verify(path: s.folder)
        } throws: { String(describing: $0).contains("no SHA256SUMS") }
    }

    @Test func namesWithABackslashOrANewlineAreEscapedAsSha256sumDoes() throws {
        let s = try Snapshot()
        let name = "odd\\name\nwith newline.csv"
        try "data".write(toFile: s.root + "/" + name, atomically: true, encoding: .utf8)
        let theirs = try StatementPDFSiteTests.run("/usr/bin/sha256sum", [name], in: s.root).output
        let ours = SnapshotManifest([.init(path: name, sha256: try #require(try FileSHA256.regularFile(s.root + "/" + name)))]).text
        #expect(ours == theirs)
        #expect(try SnapshotManifest.parse(Array(ours.utf8), file: "x").entries.map(\.path) == [name])
    }
}
