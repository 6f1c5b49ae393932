import ChargebackCore

/// Reads `sacct --parsable2` output: fields separated by `|`, a header line
/// naming them (any order; names matched case-insensitively), one job or
/// job step per line.
///
/// Needed: JobID (or JobIDRaw), Account, Partition, AllocCPUS, State, and
/// ElapsedRaw or Elapsed. Start and End place a job in time (without them
/// every job counts as ended in the period, as the legacy script assumed).
/// Without a header, the legacy script's `--noheader` order is accepted:
/// JobID|Account|Partition|AllocCPUS|Elapsed|State.
///
/// Job steps (`123.batch`, `123.0`, `123.extern`) are reported as steps: a
/// job is billed once, for its allocation.
public final class SacctReader {
    /// The fields `convert slurm` asks sacct for.
    public static let fields = ["JobID", "JobIDRaw", "Cluster", "Account", "User", "Partition", "AllocCPUS",
                                "ElapsedRaw", "Start", "End", "State"]
    static let legacyFields = ["JobID", "Account", "Partition", "AllocCPUS", "Elapsed", "State"]

    public enum Item: Sendable, Equatable {
        case job(SacctRecord)
        case step(jobID: String, line: Int)
    }

    public var file: String { lines.displayName }
    /// Read each job's User (only charges per job show it; the 20,000 users of a large
    /// cluster made a String each, per line).
    public var readsUser: Bool {
        get { parser.readsUser }
        set { parser.readsUser = newValue }
    }
    /// Whether the input says when jobs started and ended.
    public var hasTimes: Bool { index["END"] != nil }

    private let lines: LineReader
    private var index: [String: Int] = [:]
    private var parser: SacctLineParser
    private var pending: ArraySlice<UInt8>?

    public init(lines: LineReader) throws(InputError) {
        self.lines = lines
        parser = SacctLineParser(file: lines.displayName)
        while let first = try lines.next() {
            if first.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let names = SacctReader.split(first).map { String(decoding: $0, as: UTF8.self).trimmedWhitespace }
            let upper = names.map { $0.uppercased() }
            if upper.contains("JOBID") || upper.contains("JOBIDRAW") {
                for (i, name) in upper.enumerated() where index[name] == nil { index[name] = i }
                try checkHeader(line: lines.line)
                parser.expect(index, fields: names.count)
            } else if names.count == SacctReader.legacyFields.count {
                for (i, name) in SacctReader.legacyFields.enumerated() { index[name.uppercased()] = i }
                parser.expect(index, fields: names.count)
                pending = first
            } else {
                throw InputError(file: file, line: lines.line, column: "",
                                 message: "expected a header line naming the fields (sacct --parsable2 without --noheader, e.g. \(SacctReader.fields.joined(separator: "|"))), got \(FocusText.quote(String(decoding: first, as: UTF8.self)))")
            }
            return
        }
        throw InputError(file: file, line: 0, column: "", message: "no sacct output: expected a header line and one line per job")
    }

    private func checkHeader(line: Int) throws(InputError) {
        var missing: [String] = []
        if index["JOBID"] == nil && index["JOBIDRAW"] == nil { missing.append("JobID") }
        for name in ["Account", "Partition", "AllocCPUS", "State"] where index[name.uppercased()] == nil { missing.append(name) }
        if index["ELAPSEDRAW"] == nil && index["ELAPSED"] == nil { missing.append("ElapsedRaw (or Elapsed)") }
        if (index["START"] == nil) != (index["END"] == nil) { missing.append(index["START"] == nil ? "Start" : "End") }
        guard missing.isEmpty else {
            throw InputError(file: file, line: line, column: "",
                             message: "header: missing field\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (ask sacct for --format=\(SacctReader.fields.joined(separator: ",")))")
        }
    }

    static func split(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
    }

    /// The next job or step; nil at the end. A malformed line throws an
    /// `InputError` naming its line and field, and reading can go on after it.
    public func next() throws(InputError) -> Item? {
        while true {
            let text: ArraySlice<UInt8>
            let lineNumber: Int
            if let p = pending {
                text = p
                lineNumber = lines.line
                pending = nil
            } else {
                guard let t = try lines.next() else { return nil }
                text = t
                lineNumber = lines.line
            }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return try parser.parse(text, line: lineNumber)
        }
    }

    /// `[D-]HH:MM:SS`, `HH:MM:SS` or `MM:SS` (a fraction of a second, as
    /// sacct prints for short steps, is cut: Elapsed counts whole seconds).
    static func elapsedSeconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        var days: Int64 = 0
        if let dash = rest.firstIndex(of: "-") {
            guard let d = Int64(rest[..<dash]), d >= 0 else { return nil }
            days = d
            rest = rest[rest.index(after: dash)...]
        }
        if let dot = rest.firstIndex(of: ".") {
            guard rest[rest.index(after: dot)...].allSatisfy(\.isNumber) else { return nil }
            rest = rest[..<dot]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let values = parts.map { Int64($0)! }
        let (h, m, s) = parts.count == 3 ? (values[0], values[1], values[2]) : (0, values[0], values[1])
        guard m < 60, s < 60, (days == 0 || parts.count == 3), h < 24 || days == 0 else { return nil }
        return ((days * 24 + h) * 60 + m) * 60 + s
    }

    /// A Start or End cell: nil when malformed; `.some(nil)` for Unknown, None or empty.
    static func time(_ text: String) -> SacctTime?? {
        if text.isEmpty || text == "Unknown" || text == "None" { return .some(nil) }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int64(text).map { .some(.epoch($0)) } ?? nil }
        guard let d = try? FocusDate(parsing: text), d.hasTime, d.offset == .none, d.nanosecond == 0,
              let day = CivilDay(year: d.year, month: d.month, day: d.day)
        else { return nil }
        return .some(.local(day, secondOfDay: d.hour * 3600 + d.minute * 60 + d.second))
    }
}
