import Foundation
import Testing
@testable import ChargebackPDF

/// poppler-utils and qpdf run on rendered PDFs: the tests read the PDF the
/// way a reader (or a finance office's tooling) would, not our own model.
enum PDFTools {
    struct Output {
        var status: Int32
        var text: String
    }

    /// A fresh folder per call; the PDFs stay there for a look after a failure.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargeback-pdf-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ bytes: [UInt8], name: String = "statement.pdf") throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    /// The text per page (pdftotext ends each page with a form feed).
    static func pages(of pdf: URL) throws -> [String] {
        let output = try run("/usr/bin/pdftotext", ["-layout", "-enc", "UTF-8", pdf.path, "-"])
        #expect(output.status == 0, "pdftotext: \(output.text)")
        var pages = output.text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    static func text(of pdf: URL) throws -> String {
        try pages(of: pdf).joined(separator: "\n")
    }

    /// pdfinfo's fields ("Title", "Pages", "Page size" …).
    static func info(of pdf: URL) throws -> [String: String] {
        let output = try run("/usr/bin/pdfinfo", ["-enc", "UTF-8", pdf.path])
        #expect(output.status == 0, "pdfinfo: \(output.text)")
        var fields: [String: String] = [:]
        for line in output.text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    static func qpdfCheck(_ pdf: URL) throws -> Output {
        try run("/usr/bin/qpdf", ["--check", pdf.path])
    }

    /// How often `needle` occurs in `text` (non-overlapping).
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
