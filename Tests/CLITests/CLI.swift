import Foundation
import Testing

/// Runs the built `openchargeback` binary in a scratch folder, as an admin would.
struct CLI {
    let folder: String
    let config: String

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var binary: String {
        // The test runner sits next to the package's built products.
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        var dir = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("openchargeback").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot + "/.build/debug/openchargeback"
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// config.example.yaml for a scratch folder: its ./demo/ files there, the sample logo from the repository.
    static func exampleConfig() throws -> String {
        try String(contentsOfFile: repoRoot + "/config.example.yaml", encoding: .utf8)
            .replacingOccurrences(of: "./demo/", with: "./")
            .replacingOccurrences(of: "./sample_data/", with: repoRoot + "/sample_data/")
    }

    init(configYAML: String? = nil) throws {
        folder = NSTemporaryDirectory() + "ocb-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        config = folder + "/config.yaml"
        let yaml = try configYAML ?? CLI.exampleConfig()
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], passConfig: Bool = true, directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments + (passConfig ? ["--config", config] : [])
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? folder)
        var env = ProcessInfo.processInfo.environment
        env["USER"] = "cli-tester"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread while stdout is read here, so a large
        // output on either pipe cannot block the child.
        let errBox = DataBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errBox.done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    final class DataBox: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }

    static func sample(_ name: String) -> String { repoRoot + "/sample_data/" + name }

    /// `sqlite3 LEDGER SQL`: one row per line, columns joined by `|`.
    static func sqlite(_ ledger: String, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
