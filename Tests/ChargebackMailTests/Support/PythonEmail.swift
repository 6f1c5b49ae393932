import Foundation
import Testing

/// Messages read back by Python's `email` package (Tests/MailSupport/parse_message.py).
enum PythonEmail {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("MailSupport/parse_message.py").path

    /// The parser's JSON for each file.
    static func parse(_ paths: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script] + paths
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "parse_message.py: \(String(decoding: errors, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    static func parse(bytes: [UInt8]) throws -> [String: Any] {
        let path = NSTemporaryDirectory() + "ocb-mail-" + UUID().uuidString + ".eml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try #require(try parse([path]).first)
    }
}
