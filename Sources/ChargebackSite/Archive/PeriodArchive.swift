import ChargebackCore
import ChargebackRender
import Crypto
import Foundation

/// A finalized period's snapshot, made once, from the bytes the build has
/// just written into the staging folder: `archive/openchargeback_P.zip`
/// holding one folder `openchargeback_P/` with the period's pages, PDFs,
/// CSV downloads and journals at their site paths (`periods/P/…`,
/// `pi/*/P/…`, `finance/P/…`), the site's `assets/` (so the pages open
/// offline), `inputs.sha256` (each input file imported into the period) and
/// `SHA256SUMS` over all of them. Beside the zip, `…zip.sha256`.
enum PeriodArchive {
    static let inputsFile = "inputs.sha256"

    static func name(_ p: BillingPeriod) -> String { SitePaths.archiveName(p) }

    /// Writes the zip and its checksum file through `output`, as files of period `p`.
    static func write(_ p: BillingPeriod, inputs: [PeriodReport.Import], finalizedAt: String?, output: SiteOutput) throws -> FrozenPeriod {
        let period = p.description
        // Not archive/: an earlier archive of the period may be in the staging folder (kept, then rendered after all).
        // Not dot-files (`assets/.htaccess`): the access rules are the server's, not the record's.
        let files = output.recorded.filter { ($0.value.period == period && !$0.key.hasPrefix("archive/")) || $0.key.hasPrefix("assets/") }
            .map(\.key).filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        var listed: [SnapshotManifest.Entry] = []
        for path in files {
            guard let sha256 = try FileSHA256.regularFile(output.root + "/" + path) else {
                throw SiteError.io(path: output.root + "/" + path, message: "not a regular file: cannot archive it")
            }
            listed.append(.init(path: path, sha256: sha256))
        }
        let inputsText = Array(inputList(inputs).text.utf8)
        listed.append(.init(path: inputsFile, sha256: FileDigest.hex(SHA256.hash(data: inputsText))))
        let manifest = SnapshotManifest(listed)

        let folder = name(p) + "/"
        var entries = files.map { SnapshotZip.Entry(path: folder + $0, content: .file(output.root + "/" + $0)) }
        entries.append(.init(path: folder + inputsFile, content: .bytes(inputsText)))
        entries.append(.init(path: folder + SnapshotManifest.fileName, content: .bytes(Array(manifest.text.utf8))))
        entries.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }

        let zipPath = SitePaths.archive(p)
        try output.write(to: zipPath, input: "frozen", period: period) { full in
            try SnapshotZip.write(entries, to: full, modified: zipTime(finalizedAt))
        }
        guard let sha256 = try FileSHA256.regularFile(output.root + "/" + zipPath) else {
            throw SiteError.io(path: output.root + "/" + zipPath, message: "the archive was not written")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: output.root + "/" + zipPath)[.size] as? Int) ?? 0
        let checksum = SnapshotManifest([.init(path: name(p) + ".zip", sha256: sha256)]).text
        try output.write(Array(checksum.utf8), to: SitePaths.archiveChecksum(p), input: "frozen", period: period)
        return FrozenPeriod(archive: zipPath, bytes: bytes, sha256: sha256, files: listed.count)
    }

    /// Each input file imported into the period, once, in import order.
    static func inputList(_ imports: [PeriodReport.Import]) -> SnapshotManifest {
        var seen = Set<String>()
        let entries = imports.sorted { ($0.record.id ?? 0) < ($1.record.id ?? 0) }
            .map { SnapshotManifest.Entry(path: $0.record.fileName, sha256: $0.record.fileSha256) }
            .filter { seen.insert($0.sha256 + " " + $0.path).inserted }
        return SnapshotManifest(entries, sorted: false)
    }

    /// The zip's entry time: when the period was finalized (the ledger's
    /// ISO 8601 text), else 1980-01-01. Zips hold local time without a zone; this is UTC.
    static func zipTime(_ finalizedAt: String?) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return finalizedAt.flatMap { formatter.date(from: $0) }.map { max($0, SnapshotZip.earliest) } ?? SnapshotZip.earliest
    }
}
