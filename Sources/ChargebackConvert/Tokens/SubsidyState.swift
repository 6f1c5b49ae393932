import ChargebackCore
import Foundation

/// What each subsidy's allowance has already been used for, by billing
/// period: how a cap over a fiscal year (or a week that spans two months)
/// is remembered between monthly runs.
///
/// One entry per subsidy, window, scope (project, user, PI or "*") and
/// period, holding the usage cost counted in that window during that
/// period. Converting a period replaces that period's entries, so running
/// it again gives the same charges (the legacy state file added up again
/// on every run); only earlier periods count as used before it.
///
/// The file is this tool's own JSON, written atomically after the FOCUS
/// file (`{"format": "openchargeback-subsidy-state-1", "entries": [...]}`).
public struct SubsidyState: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Comparable {
        public var subsidy: String
        public var window: String
        public var scope: String
        public var period: BillingPeriod
        public var used: Exact

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.subsidy, a.window, a.scope, a.period) < (b.subsidy, b.window, b.scope, b.period)
        }
    }

    public static let format = "openchargeback-subsidy-state-1"
    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries.sorted() }

    /// Usage counted in earlier periods of the same window.
    public func usedBefore(_ period: BillingPeriod, subsidy: String, window: String, scope: String) throws(ExactOverflow) -> Exact {
        var total = Exact.zero
        for e in entries where e.subsidy == subsidy && e.window == window && e.scope == scope && e.period < period {
            total = try total + e.used
        }
        return total
    }

    /// Periods after `period` already counted: they were worked out without this run's figures.
    public func laterPeriods(than period: BillingPeriod) -> [BillingPeriod] {
        Array(Set(entries.filter { period < $0.period }.map(\.period))).sorted()
    }

    /// This state with `period`'s entries replaced.
    public func replacing(_ period: BillingPeriod, with new: [Entry]) -> SubsidyState {
        SubsidyState(entries: entries.filter { $0.period != period } + new)
    }

    // MARK: File

    /// Reads the file; a missing file is an empty state.
    public static func read(_ path: String) throws(InputError) -> SubsidyState {
        guard FileManager.default.fileExists(atPath: path) else { return SubsidyState() }
        let document = try JSONDocument.read(file: path)
        let o = try document.object()
        let format = try o.require("format", "\"\(SubsidyState.format)\"").string()
        guard format == SubsidyState.format else {
            throw document.error("not a subsidy state file of this tool (format \(FocusText.quote(format)), expected \(SubsidyState.format))")
        }
        var entries: [Entry] = []
        for node in try o.require("entries", "a list of entries").array() {
            let e = try node.object()
            let periodNode = try e.require("period", "a period YYYY-MM")
            guard let period = BillingPeriod(try periodNode.string()) else { throw periodNode.wrongType("a period YYYY-MM") }
            entries.append(Entry(subsidy: try e.require("subsidy", "the subsidy's name").string(),
                                 window: try e.require("window", "the window's name").string(),
                                 scope: try e.require("scope", "the project, user or PI").string(), period: period,
                                 used: try e.require("used", "the usage counted, as decimal text").nonNegative("an amount", allowString: true)))
        }
        return SubsidyState(entries: entries)
    }

    /// Writes the file atomically (a temporary file beside it, renamed over it).
    public func write(_ path: String) throws(ConvertFailure) {
        var text = "{\n  \"format\": \"\(SubsidyState.format)\",\n  \"entries\": ["
        for (i, e) in entries.enumerated() {
            text += i == 0 ? "\n" : ",\n"
            text += "    {\"subsidy\": \(TextEscaping.jsonString(e.subsidy)), \"window\": \(TextEscaping.jsonString(e.window)), "
                + "\"scope\": \(TextEscaping.jsonString(e.scope)), \"period\": \"\(e.period)\", \"used\": \"\(e.used.decimalText(digits: 9))\"}"
        }
        text += entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        let temporary = path + ".\(getpid()).tmp"
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw ConvertFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
        } catch let failure as ConvertFailure {
            unlink(temporary)
            throw failure
        } catch {
            unlink(temporary)
            throw ConvertFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
