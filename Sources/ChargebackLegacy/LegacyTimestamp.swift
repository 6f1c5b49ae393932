import ChargebackCore
import Foundation

/// Legacy timestamps as our ledger writes them: ISO 8601, UTC, to the second.
///
/// The legacy tool wrote two kinds, told apart by their form:
/// - `YYYY-MM-DD HH:MM:SS.ffffff` (microseconds): Python's `datetime.now()`
///   through SQLAlchemy, the legacy server's LOCAL time without a zone
///   (period transitions, reviews, statements, e-mails, sources);
/// - `YYYY-MM-DD HH:MM:SS`: SQLite's `CURRENT_TIMESTAMP` default, UTC
///   (imports, charges' import time, journal exports, the review log).
/// Local times are read in `zone` (the importing machine's, `TZ`: run
/// `import-legacy` where the legacy tool ran, or set `TZ` to its zone). A
/// written offset (`Z`, `+01:00`) wins. Fractions of a second are dropped.
struct LegacyTimestamp: Sendable {
    let zone: TimeZone

    init(zone: TimeZone = .current) { self.zone = zone }

    /// nil for NULL or empty; an error naming the cell for anything that is not a date and time.
    func convert(_ text: String?, at cell: LegacyCell) throws(LegacyLedgerError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = try? FocusDate(parsing: text) else {
            throw .invalidValue(cell, value: "\"\(text)\"", "a date and time as the legacy tool writes it (YYYY-MM-DD HH:MM:SS[.ffffff])")
        }
        var components = DateComponents(year: date.year, month: date.month, day: date.day,
                                         hour: date.hour, minute: date.minute, second: date.second)
        switch date.offset {
        case .utc: components.timeZone = TimeZone(identifier: "UTC")
        case .minutes(let m): components.timeZone = TimeZone(secondsFromGMT: m * 60)
        case .none: components.timeZone = Self.isPythonLocalTime(text) ? zone : TimeZone(identifier: "UTC")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = components.timeZone ?? zone
        guard let instant = calendar.date(from: components) else {
            throw .invalidValue(cell, value: "\"\(text)\"", "a date and time that exists")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    /// A time with a fraction of a second: written by Python (local time), not by SQLite's default (UTC).
    static func isPythonLocalTime(_ text: String) -> Bool {
        text.count > 19 && text.dropFirst(19).first == "."
    }
}
