/// How far one phase of a long command got: a pure value that formats the
/// progress bar's line and the one-line summary, testable without a terminal.
///
///     build 2026-10 [#######.................]  1,234/4,004 statements  31%  412/s  ETA 0:07
///     build 2026-10: rendered 4,004 statements in 12.3 s
public struct PhaseProgress: Sendable, Equatable {
    /// What is counted: items with a plural noun ("statements"), or bytes (shown in MB).
    public enum Unit: Sendable, Equatable {
        case items(String)
        case bytes
    }

    /// The phase's name, first on the line ("build 2026-10", "ingest aws.csv").
    public var phase: String
    /// The past-tense verb of the summary ("rendered", "read").
    public var verb: String
    public var unit: Unit
    public var done: Int64
    /// 0 when unknown: no bar, no percentage, no ETA.
    public var total: Int64
    /// Seconds since the phase started.
    public var elapsed: Double

    public init(phase: String, verb: String, unit: Unit, done: Int64 = 0, total: Int64 = 0, elapsed: Double = 0) {
        self.phase = phase
        self.verb = verb
        self.unit = unit
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    /// The bar's line (no `\r`, no newline): bar, counts, percentage, rate and ETA.
    public func line(barWidth: Int = 24) -> String {
        var parts = [phase]
        if total > 0 {
            let clamped = min(max(done, 0), total)
            let filled = Int(clamped * Int64(barWidth) / total)
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
            parts.append(amount(done) + "/" + amount(total) + " " + noun)
            parts.append("\(clamped * 100 / total)%")
        } else {
            parts.append(amount(done) + " " + noun)
        }
        if let rate {
            parts.append(rateText(rate))
            if total > 0, rate > 0 {
                parts.append("ETA " + Self.duration(Double(max(total - done, 0)) / rate))
            }
        }
        return parts.joined(separator: "  ")
    }

    /// The one line a non-terminal run logs when the phase ends.
    public func summary() -> String {
        var text = "\(phase): \(verb) \(amount(done)) \(noun) in \(Self.seconds(elapsed))"
        if let rate, done > 0 { text += " (" + rateText(rate) + ")" }
        return text
    }

    /// Items (or bytes) per second; nil before any time has passed.
    public var rate: Double? {
        elapsed >= 0.001 ? Double(done) / elapsed : nil
    }

    private var noun: String {
        switch unit {
        case .items(let noun): noun
        case .bytes: "MB"
        }
    }

    private func amount(_ n: Int64) -> String {
        switch unit {
        case .items: Self.grouped(n)
        case .bytes: Self.megabytes(n)
        }
    }

    private func rateText(_ rate: Double) -> String {
        switch unit {
        case .items: Self.grouped(Int64(rate.rounded())) + "/s"
        case .bytes: Self.megabytes(Int64(rate.rounded())) + " MB/s"
        }
    }

    /// 1234567 → "1,234,567" (the same in every locale: logs are read by tools too).
    public static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Bytes as decimal megabytes with one decimal: 314_159_265 → "314.2".
    static func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return grouped(tenths / 10) + "." + String(tenths % 10)
    }

    /// An ETA: "0:07", "12:34", "1:02:03".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(m):\(two(r))"
    }

    /// Elapsed time for the summary: "12.3 s".
    static func seconds(_ s: Double) -> String {
        let tenths = Int((s * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
