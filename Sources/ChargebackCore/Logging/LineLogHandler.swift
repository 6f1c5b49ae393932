import Foundation
import Logging

/// A swift-log handler writing one line per event, as logfmt
/// (`at=… level=info msg=ingest rows=41`), JSON, or the legacy tool's Splunk
/// lines (`2026-01-08T12:15:00Z INFO  ingest rows=41`), to stderr or a file.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let format: LoggingConfig.Format
    let sink: LogSink
    let label: String

    public init(label: String, level: Logger.Level, format: LoggingConfig.Format, sink: LogSink) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("at", Self.timestamp()), ("level", event.level.rawValue), ("logger", label), ("msg", event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields.append((key, merged[key]?.description ?? "")) }
        switch format {
        case .logfmt: sink.write(Self.logfmt(fields))
        case .json: sink.write(Self.json(fields))
        case .splunk: sink.write(Self.splunk(level: event.level, message: event.message.description, fields: Array(fields.dropFirst(4))))
        }
    }

    /// The legacy tool's line: UTC time to the second, the level in capitals padded
    /// to 5, the message, then `key=value` sorted by key (values quoted as in logfmt).
    static func splunk(level: Logger.Level, message: String, fields: [(String, String)], at: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let name = level.rawValue.uppercased()
        let padded = name + String(repeating: " ", count: max(0, 5 - name.count))
        let line = "\(f.string(from: at)) \(padded) \(oneLine(message))"
        return fields.isEmpty ? line + "\n" : line + " " + logfmt(fields)
    }

    /// A message on one line: a hostile value cannot start a forged log line.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=" + (needsQuotes ? "\"\(escaped)\"" : escaped)
        }.joined(separator: " ") + "\n"
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(TextEscaping.jsonString($0.0)):\(TextEscaping.jsonString($0.1))" }.joined(separator: ",") + "}\n"
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}

/// Where log lines go: stderr, or appended to a file.
public final class LogSink: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    public init(handle: FileHandle) { self.handle = handle }

    public static func file(_ path: String) throws -> LogSink {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError(file: path, line: 0, column: "", message: "cannot open the log file for writing (logging.file)")
        }
        handle.seekToEndOfFile()
        return LogSink(handle: handle)
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }
}

public enum LogSetup {
    /// A logger configured by `logging` (level, format, file).
    public static func logger(_ config: LoggingConfig, label: String = "openchargeback") throws -> Logger {
        guard config.enabled else { return Logger(label: label) { _ in SwiftLogNoOpLogHandler() } }
        let sink = try config.file.map(LogSink.file) ?? LogSink(handle: .standardError)
        return Logger(label: label) { label in
            LineLogHandler(label: label, level: config.level, format: config.format, sink: sink)
        }
    }
}
