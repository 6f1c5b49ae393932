/// A billing period, `YYYY-MM`. Ordered chronologically.
public struct BillingPeriod: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month) else { return nil }
        self.init(checkedYear: year, month: month)
    }

    /// For callers that validated year (1900…9999) and month (1…12) already.
    init(checkedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"),
              u.enumerated().allSatisfy({ $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) })
        else { return nil }
        let y = u[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        let m = Int(u[5] - 48) * 10 + Int(u[6] - 48)
        self.init(year: y, month: m)
    }

    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (month < 10 ? "0" : "") + String(month)
    }

    public static func < (a: BillingPeriod, b: BillingPeriod) -> Bool {
        (a.year, a.month) < (b.year, b.month)
    }

    public var next: BillingPeriod {
        month == 12 ? BillingPeriod(checkedYear: year + 1, month: 1) : BillingPeriod(checkedYear: year, month: month + 1)
    }

    public var previous: BillingPeriod {
        month == 1 ? BillingPeriod(checkedYear: year - 1, month: 12) : BillingPeriod(checkedYear: year, month: month - 1)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let p = BillingPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a period YYYY-MM, got \(text)"))
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
