import Foundation
import Testing

/// Reading the CLI's machine output back as a script would: JSON with
/// Foundation's JSONSerialization, CSV with Python's `csv` module (strict).
extension CLI {
    /// `arguments` + `--format json`, run and parsed; the run must succeed (or exit `status`).
    func json(_ arguments: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try run(arguments + ["--format", "json"])
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
    }

    /// `arguments` + `--format csv`, run and parsed into rows (the header first); every line must end in CRLF.
    func csv(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        let result = try run(arguments + ["--format", "csv"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.hasSuffix("\r\n"), sourceLocation: sourceLocation)
        return try Scripting.parseCSV(result.stdout)
    }
}

enum Scripting {
    /// RFC 4180 text into rows, by Python's csv module in strict mode.
    static func parseCSV(_ text: String) throws -> [[String]] {
        // Through a file: no pipe to feed while the child runs.
        let path = NSTemporaryDirectory() + "ocb-csv-" + UUID().uuidString + ".csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let rows = try python(["-c", """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8", newline="") as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """, path]) as? [[String]] else { throw CLI.Failure("csv.reader: not a list of rows") }
        return rows
    }

    /// Runs python3 with `arguments` and reads what it prints as JSON; its errors in the failure.
    static func python(_ arguments: [String]) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) else {
            throw CLI.Failure("python3 \(arguments.first ?? ""): \(String(decoding: problems, as: UTF8.self))")
        }
        return json
    }

    /// CSV rows as dictionaries by the header's names.
    static func records(_ rows: [[String]]) -> [[String: String]] {
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Nano-units as the exact decimal text the tool writes: at least two decimals, trailing zeros trimmed
    /// (written here independently of MoneyFormat).
    static func decimal(nanos text: String) -> String {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let padded = String(repeating: "0", count: max(0, 10 - digits.count)) + digits
        let whole = String(padded.dropLast(9)).drop { $0 == "0" }
        var fraction = String(padded.suffix(9))
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + (whole.isEmpty ? "0" : String(whole)) + "." + fraction
    }
}
