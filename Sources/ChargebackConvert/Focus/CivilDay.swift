import ChargebackCore

/// A calendar date (proleptic Gregorian), with day arithmetic done on
/// integers: days since 1970-01-01 (Howard Hinnant's civil-date algorithms).
public struct CivilDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the date exists (month 1–12, the day in that month).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= FocusDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDay { CivilDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// Monday = 0 … Sunday = 6.
    public var weekdayFromMonday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    public var period: BillingPeriod { BillingPeriod(year: year, month: month)! }

    public static func < (a: CivilDay, b: CivilDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// `YYYY-MM-DD`.
    public var description: String {
        FocusDate(year: year, month: month, day: day, hasTime: false).canonical
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        guard let d = try? FocusDate(parsing: text), !d.hasTime, d.offset == .none else { return nil }
        self.init(year: d.year, month: d.month, day: d.day)
    }
}

extension BillingPeriod {
    public var firstDay: CivilDay { CivilDay(year: year, month: month, day: 1)! }
    /// The first day after the period (FOCUS period ends are exclusive).
    public var endDay: CivilDay { next.firstDay }
    public var dayCount: Int { FocusDate.daysIn(month: month, year: year) }

    public func contains(_ day: CivilDay) -> Bool { day.year == year && day.month == month }
}
