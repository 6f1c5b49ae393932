import Foundation

/// Runs a program to its end, for the tests that drive scripts and daemons.
enum Shell {
    /// A program's exit status and its output and errors together, killed after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0].hasPrefix("/") ? arguments[0] : "/usr/bin/env")
        process.arguments = arguments[0].hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let box = CLI.DataBox()
        let reader = Thread { box.data = pipe.fileHandleForReading.readDataToEndOfFile(); box.done.signal() }
        reader.start()
        if box.done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            box.done.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: box.data, as: UTF8.self))
    }
}
