/// A FOCUS date or date-time, kept as written.
///
/// Accepted forms (what the exports write; docs/focus.md): `YYYY-MM-DD`, and
/// a date with a time after `T` or a space: `HH:MM` (Oracle's charge
/// periods) or `HH:MM:SS`, the seconds optionally with a fraction (`.000`,
/// `.123456789`; digits past the ninth are ignored), then optionally a zone:
/// `Z`, `±HH:MM`, `±HHMM` or `±HH`, or, after one space, ` UTC` (BigQuery's
/// CSV export) or an offset. Ranges are checked (month 1–12, the day exists
/// in that month including leap years, hour 0–23, minute and second 0–59,
/// year 1900–9999, offset up to ±23:59).
///
/// No time-zone conversion happens: the billing period is the calendar month
/// as written (`2024-09-30T23:00:00-05:00` belongs to 2024-09).
public struct FocusDate: Hashable, Sendable, CustomStringConvertible {
    public enum Offset: Hashable, Sendable {
        /// No offset was written.
        case none
        /// `Z`.
        case utc
        /// `±HH:MM` or `±HHMM`, in minutes east of UTC (`-05:00` → -300).
        case minutes(Int)
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The fraction of a second, in nanoseconds (0 when none was written).
    public var nanosecond: Int
    /// Whether a time of day was written (false for `YYYY-MM-DD`).
    public var hasTime: Bool
    public var offset: Offset

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                nanosecond: Int = 0, hasTime: Bool = true, offset: Offset = .none) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.hasTime = hasTime
        self.offset = offset
    }

    /// The billing period: the calendar month as written.
    public var period: BillingPeriod {
        // The parser validates year and month; a hand-built date out of range is clamped.
        BillingPeriod(year: year, month: month) ?? BillingPeriod(checkedYear: min(max(year, 1900), 9999), month: min(max(month, 1), 12))
    }

    /// `YYYY-MM-DDTHH:MM:SS`, followed by `Z` or `±HH:MM` if an offset was
    /// written; a date written without a time stays `YYYY-MM-DD`.
    public var canonical: String {
        // Written in place: three dates per row, a million rows. A plain date
        // asks for exactly its 10 bytes, so it stays a small (inline) string.
        let dateOnly = !hasTime && offset == .none
        return String(unsafeUninitializedCapacity: dateOnly ? 10 : 25) { buffer in
            var n = 0
            func put(_ byte: UInt8) { buffer[n] = byte; n += 1 }
            func two(_ v: Int) { put(UInt8(48 + v / 10)); put(UInt8(48 + v % 10)) }
            two(year / 100); two(year % 100)
            put(45); two(month); put(45); two(day)
            if dateOnly { return n }
            put(84); two(hour); put(58); two(minute); put(58); two(second)
            switch offset {
            case .none: break
            case .utc: put(90)
            case .minutes(let m):
                put(m < 0 ? 45 : 43)
                two(abs(m) / 60); put(58); two(abs(m) % 60)
            }
            return n
        }
    }

    public var description: String { canonical }

    /// Why a text is not a date: the form is wrong, or a value is out of range.
    public enum ParseError: Error, Equatable, Sendable {
        case syntax
        case range(String)

        /// The message for an `InputError`, quoting the offending value.
        public func message(got quotedValue: String) -> String {
            switch self {
            case .syntax:
                return "expected a date YYYY-MM-DD or ISO 8601 date-time, got \(quotedValue)"
            case .range(let why):
                return "expected a date YYYY-MM-DD or ISO 8601 date-time, got \(quotedValue) (\(why))"
            }
        }
    }

    public init(parsing text: String) throws(ParseError) {
        var text = text
        let result: Result<FocusDate, ParseError> = text.withUTF8 { b in
            Result { () throws(ParseError) -> FocusDate in try FocusDate.parse(UnsafeRawBufferPointer(b)) }
        }
        self = try result.get()
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses the bytes of one CSV field (no allocation unless it fails).
    public static func parse(_ b: UnsafeRawBufferPointer) throws(ParseError) -> FocusDate {
        let n = b.count
        @inline(__always) func digit(_ i: Int) -> Int? {
            guard i < n else { return nil }
            let c = b[i]
            return c >= 48 && c <= 57 ? Int(c - 48) : nil
        }
        @inline(__always) func number(_ i: Int, _ count: Int) -> Int? {
            var v = 0
            for k in 0..<count {
                guard let d = digit(i + k) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard n >= 10, let year = number(0, 4), b[4] == 45, let month = number(5, 2), b[7] == 45,
              let day = number(8, 2)
        else { throw .syntax }
        var date = FocusDate(year: year, month: month, day: day, hasTime: false)
        if n > 10 {
            guard b[10] == 84 || b[10] == 32, n >= 16, let h = number(11, 2), b[13] == 58, let mi = number(14, 2)
            else { throw .syntax }
            date.hasTime = true
            date.hour = h
            date.minute = mi
            var i = 16
            if i < n && b[i] == 58 {  // :SS
                guard let s = number(17, 2) else { throw .syntax }
                date.second = s
                i = 19
                if i < n && b[i] == 46 {  // fraction
                    i += 1
                    var digits = 0
                    var nanos = 0
                    while let d = digit(i) {
                        if digits < 9 { nanos = nanos * 10 + d }
                        digits += 1
                        i += 1
                    }
                    if digits == 0 { throw .syntax }
                    for _ in min(digits, 9)..<9 { nanos *= 10 }
                    date.nanosecond = nanos
                }
            }
            if i < n {
                let spaced = b[i] == 32
                if spaced { i += 1 }
                guard i < n else { throw .syntax }
                let c = b[i]
                if c == 90 && !spaced {  // Z
                    date.offset = .utc
                    i += 1
                } else if spaced && n - i == 3 && b[i] == 85 && b[i + 1] == 84 && b[i + 2] == 67 {  // UTC
                    date.offset = .utc
                    i = n
                } else if c == 43 || c == 45 {
                    guard let oh = number(i + 1, 2) else { throw .syntax }
                    var j = i + 3
                    var om = 0
                    if j < n {
                        if b[j] == 58 { j += 1 }
                        guard let m = number(j, 2) else { throw .syntax }
                        om = m
                        j += 2
                    }
                    i = j
                    if oh > 23 || om > 59 { throw .range("offset must be at most ±23:59") }
                    let total = oh * 60 + om
                    date.offset = .minutes(c == 45 ? -total : total)
                } else {
                    throw .syntax
                }
            }
            if i != n { throw .syntax }
            if h > 23 { throw .range("hour \(h) is not 00–23") }
            if mi > 59 { throw .range("minute \(mi) is not 00–59") }
            if date.second > 59 { throw .range("second \(date.second) is not 00–59") }
        }
        if year < 1900 { throw .range("year \(year) is before 1900") }
        if month < 1 || month > 12 { throw .range("month \(month) is not 01–12") }
        let last = daysIn(month: month, year: year)
        if day < 1 || day > last {
            throw .range("\(monthNames[month - 1]) \(year) has days 01–\(last)")
        }
        return date
    }
}
