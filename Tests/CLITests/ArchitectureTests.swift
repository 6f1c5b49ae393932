import Foundation
import Testing

/// One job per target, arrows one way: no folder of a target depends on a
/// folder that depends back on it (scripts/folder-cycles reads the sources).
@Suite struct ArchitectureTests {
    static func folderCycles(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [CLI.repoRoot + "/scripts/folder-cycles"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func noTargetHasAFolderCycle() throws {
        let result = try Self.folderCycles([CLI.repoRoot + "/Sources"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("folder cycle"))
    }

    @Test func theCheckFindsACycle() throws {
        let root = NSTemporaryDirectory() + "ocb-cycles-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (folder, text) in [("A", "struct Alpha { var b: Beta }"), ("B", "struct Beta { var c: Gamma }"), ("C", "enum Gamma { case a(Alpha) }")] {
            try FileManager.default.createDirectory(atPath: "\(root)/Target/\(folder)", withIntermediateDirectories: true)
            try text.write(toFile: "\(root)/Target/\(folder)/\(folder).swift", atomically: true, encoding: .utf8)
        }
        let result = try Self.folderCycles([root])
        #expect(result.status == 1)
        #expect(result.output.contains("Target: folder cycle A ↔ B ↔ C"), "\(result.output)")
        #expect(result.output.contains("A -> B: A.swift uses Beta"))
    }

    /// A merge once left its conflict markers in a committed document; none in any text file git tracks.
    @Test func noConflictMarkersAreCommitted() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", CLI.repoRoot, "grep", "-n", "-I", "-E", "^(<<<<<<<|>>>>>>>) "]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "git grep exits 1 when nothing matches: \(String(decoding: data, as: UTF8.self))")
    }
}
