import Foundation

/// `--skip-invalid`: each input file's invalid rows go, verbatim, to
/// `<rejects dir>/<file>.rejects.csv` under the original header plus a
/// `RejectReason` column. Ingest ignores unknown columns, so a corrected
/// rejects file can be ingested as it is. An existing file is never
/// overwritten: a numbered name is chosen instead.
struct RejectsFiles {
    let directory: String
    let enabled: Bool
    private var open: [String: (path: String, handle: FileHandle)] = [:]
    private var failures: [String] = []

    init(directory: String, enabled: Bool) {
        self.directory = directory
        self.enabled = enabled
    }

    func path(for file: String) -> String? { open[file]?.path }

    mutating func reject(file: String, header: String, record: String, errors: [InputError]) {
        guard enabled else { return }
        do {
            let handle: FileHandle
            if let existing = open[file] {
                handle = existing.handle
            } else {
                let path = try Self.freshPath(directory: directory, for: file)
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                guard let h = FileHandle(forWritingAtPath: path) else { throw InputError(file: path, line: 0, column: "", message: "cannot write the rejects file") }
                handle = h
                open[file] = (path, h)
                try handle.write(contentsOf: Data((Self.trimEOL(header) + ",RejectReason\r\n").utf8))
            }
            let reason = errors.map(\.description).joined(separator: "; ")
            try handle.write(contentsOf: Data((Self.trimEOL(record) + "," + CSVCell.escape(reason) + "\r\n").utf8))
        } catch {
            failures.append("\(file): \(error)")
        }
    }

    /// Closes the files; a rejects file that could not be written fails the run.
    mutating func finish() throws {
        for (_, entry) in open { try? entry.handle.close() }
        if !failures.isEmpty { throw RejectsError(messages: failures) }
    }

    /// Nothing is committed: remove what was written.
    mutating func discard() {
        for (_, entry) in open {
            try? entry.handle.close()
            try? FileManager.default.removeItem(atPath: entry.path)
        }
        open = [:]
    }

    static func freshPath(directory: String, for file: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var base = (file as NSString).lastPathComponent
        if base.lowercased().hasSuffix(".csv") { base.removeLast(4) }
        var candidate = (directory as NSString).appendingPathComponent(base + ".rejects.csv")
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = (directory as NSString).appendingPathComponent("\(base).rejects-\(n).csv")
            n += 1
        }
        return candidate
    }

    static func trimEOL(_ text: String) -> String {
        var t = Substring(text)
        while let last = t.last, last == "\n" || last == "\r" || last == "\r\n" { t.removeLast() }
        return String(t)
    }
}

struct RejectsError: Error, CustomStringConvertible {
    var messages: [String]
    var description: String { "cannot write rejects: " + messages.joined(separator: "; ") }
}
