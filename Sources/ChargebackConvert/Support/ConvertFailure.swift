import ChargebackCore

/// Why a conversion wrote nothing: the input errors found (each naming the
/// file, line and field), or one problem that stopped it (a file that cannot
/// be written, sacct that failed).
public struct ConvertFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public var message: String?
    /// Errors found beyond the ones kept (a file of a million bad lines lists the first 1,000).
    public var moreErrors = 0

    public init(_ message: String) {
        errors = []
        self.message = message
    }

    public init(_ errors: [InputError], moreErrors: Int = 0) {
        self.errors = errors
        self.moreErrors = moreErrors
    }

    public init(_ error: InputError) { self.init([error]) }

    public var description: String {
        var lines = errors.map(\.description)
        if moreErrors > 0 { lines.append("… and \(moreErrors) more input error\(moreErrors == 1 ? "" : "s")") }
        if let message { lines.append(message) }
        if !errors.isEmpty {
            let n = errors.count + moreErrors
            lines.append("nothing was written: \(n) input error\(n == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n")
    }
}

/// Input errors collected while reading, so that every bad line is listed at
/// once (up to `limit`), not only the first.
public struct InputErrorList: Sendable {
    public private(set) var errors: [InputError] = []
    public private(set) var dropped = 0
    let limit: Int

    public init(limit: Int = 1000) { self.limit = limit }

    public var isEmpty: Bool { errors.isEmpty }

    /// In file and line order (they are found in several passes: reading, then pricing).
    var ordered: [InputError] {
        errors.enumerated().sorted { a, b in
            (a.element.file, a.element.line, a.offset) < (b.element.file, b.element.line, b.offset)
        }.map(\.element)
    }

    public mutating func add(_ error: InputError) {
        if errors.count < limit { errors.append(error) } else { dropped += 1 }
    }

    /// Throws them all, if there are any.
    public func check() throws(ConvertFailure) {
        if !errors.isEmpty { throw ConvertFailure(ordered, moreErrors: dropped) }
    }

    /// `skip` (`--skip-invalid`): the errors become warnings, the inputs they
    /// name are left out and the rest is converted; otherwise they stop the run.
    public func resolve(skip: Bool) throws(ConvertFailure) -> [String] {
        guard skip else {
            try check()
            return []
        }
        var warnings = ordered.map { "skipped (--skip-invalid): \($0)" }
        if dropped > 0 { warnings.append("skipped (--skip-invalid): \(dropped) more input error\(dropped == 1 ? "" : "s")") }
        return warnings
    }
}

/// What a conversion read and did not bill, and why: printed after the
/// totals, so nothing is skipped silently.
public struct ConversionNotes: Sendable, Equatable {
    /// "3 jobs not in a billable state (FAILED 2, CANCELLED 1)".
    public var notes: [String] = []
    /// Things an admin should fix: unknown accounts, unknown keys in a rules file.
    public var warnings: [String] = []

    public init(notes: [String] = [], warnings: [String] = []) {
        self.notes = notes
        self.warnings = warnings
    }

    public mutating func note(_ count: Int, _ singular: String, _ plural: String, _ rest: String) {
        guard count > 0 else { return }
        notes.append("\(count) \(count == 1 ? singular : plural) \(rest)")
    }
}

/// Counts by reason, printed in a stable order ("FAILED 2, CANCELLED 1").
struct Tally {
    private(set) var counts: [String: Int] = [:]
    var total: Int { counts.values.reduce(0, +) }
    mutating func add(_ key: String) { counts[key, default: 0] += 1 }
    var text: String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
