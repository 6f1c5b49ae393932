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
///
/// sacct reads the window's times in its own time zone (`TZ`); with a
/// configured `time_zone` it gets `TZ` set to it, so the window is the month
/// the converter bills, not the month of the machine's zone (up to 14 hours
/// apart: jobs at either end would be missed).
public struct SacctCommand: Sendable {
    public var program: String
    public var clusters: [String]
    /// The IANA zone of the month boundaries; nil: the system's (sacct's own).
    public var timeZone: String?

    public init(program: String = "sacct", clusters: [String] = [], timeZone: String? = nil) {
        self.program = program
        self.clusters = clusters
        self.timeZone = timeZone
    }

    /// The variables sacct runs with, beyond the caller's.
    public var environment: [String: String] {
        var variables = ["SLURM_TIME_FORMAT": "%s"]
        if let timeZone { variables["TZ"] = timeZone }
        return variables
    }

    public func arguments(for period: BillingPeriod) -> [String] {
        var args = ["--allusers", "--allocations", "--parsable2", "--format=" + SacctReader.fields.joined(separator: ","),
                    "--starttime=\(period.firstDay)T00:00:00", "--endtime=\(period.endDay)T00:00:00"]
        if !clusters.isEmpty { args.append("--clusters=" + clusters.joined(separator: ",")) }
        return args
    }

    /// The shell line, for messages and docs.
    public func commandLine(for period: BillingPeriod) -> String {
        (environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [program] + arguments(for: period)).joined(separator: " ")
    }

    /// Starts sacct, hands its output to `body` line by line, then checks how it exited.
    public func run<T>(period: BillingPeriod, _ body: (LineReader) throws(ConvertFailure) -> T) throws(ConvertFailure) -> T {
        guard let executable = Self.locate(program) else {
            throw ConvertFailure("cannot run sacct: \(FocusText.quote(program)) not found on PATH (set convert.slurm.sacct, or read saved output with --sacct-file)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(for: period)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, ours in ours }
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
