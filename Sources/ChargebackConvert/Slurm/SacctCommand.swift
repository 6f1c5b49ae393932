import ChargebackCore
import Foundation

/// Runs `sacct` for a billing period and streams its output.
///
/// `sacct --allusers --allocations --parsable2 --format=<SacctReader.fields>
/// --starttime=<first day 00:00> --endtime=<first day of next month 00:00>`,
/// with `SLURM_TIME_FORMAT=%s` so Start and End are epoch seconds (no time
/// zone to guess). No `--state`: sacct lists every job that ran in the
/// window, and `SlurmRules` decide what is billed, so the summary can say
/// why every other job was not.
public struct SacctCommand: Sendable {
    public var program: String
    public var clusters: [String]

    public init(program: String = "sacct", clusters: [String] = []) {
        self.program = program
        self.clusters = clusters
    }

    public func arguments(for period: BillingPeriod) -> [String] {
        var args = ["--allusers", "--allocations", "--parsable2", "--format=" + SacctReader.fields.joined(separator: ","),
                    "--starttime=\(period.firstDay)T00:00:00", "--endtime=\(period.endDay)T00:00:00"]
        if !clusters.isEmpty { args.append("--clusters=" + clusters.joined(separator: ",")) }
        return args
    }

    /// The shell line, for messages and docs.
    public func commandLine(for period: BillingPeriod) -> String {
        "SLURM_TIME_FORMAT=%s " + ([program] + arguments(for: period)).joined(separator: " ")
    }

    /// Starts sacct, hands its output to `body` line by line, then checks how it exited.
    public func run<T>(period: BillingPeriod, _ body: (LineReader) throws(ConvertFailure) -> T) throws(ConvertFailure) -> T {
        guard let executable = Self.locate(program) else {
            throw ConvertFailure("cannot run sacct: \(FocusText.quote(program)) not found on PATH (set convert.slurm.sacct, or read saved output with --sacct-file)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(for: period)
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_TIME_FORMAT"] = "%s"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ConvertFailure("cannot run \(executable): \(error.localizedDescription)")
        }
        // Standard error is read on another thread so a chatty sacct cannot block.
        let errors = StderrBox()
        let reader = Thread { errors.data = err.fileHandleForReading.readDataToEndOfFile(); errors.done.signal() }
        reader.start()
        let lines = LineReader(descriptor: out.fileHandleForReading.fileDescriptor, displayName: "sacct output", ownsDescriptor: false)
        let result: Result<T, ConvertFailure>
        do throws(ConvertFailure) {
            result = .success(try body(lines))
        } catch {
            result = .failure(error)
        }
        // Drain what is left so sacct can exit, then wait.
        while (try? lines.next()) ?? nil != nil {}
        errors.done.wait()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let message = String(decoding: errors.data, as: UTF8.self).trimmedWhitespace
            throw ConvertFailure("sacct failed (exit \(process.terminationStatus)): \(message.isEmpty ? "no message" : message)\ncommand: \(commandLine(for: period))")
        }
        return try result.get()
    }

    static func locate(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private final class StderrBox: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
