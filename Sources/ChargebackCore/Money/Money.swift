/// An exact amount of money in nano-units (10⁻⁹ of the currency unit).
///
/// Money never touches floating point: amounts are parsed from decimal text
/// straight into an integer, stored as SQLite INTEGER, and summed with
/// overflow checks (`MoneySum` uses Int128). Rounding to cents happens only at
/// display and journal lines, through `roundedToCents()`.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let scale: Int64 = 1_000_000_000
    public static let fractionDigits = 9
    public static let zero = Money(nanos: 0)

    public var nanos: Int64

    public init(nanos: Int64) { self.nanos = nanos }

    /// Whole cents, e.g. `Money(cents: 1999)` is 19.99.
    public init(cents: Int64) { self.nanos = cents * 10_000_000 }

    public static func < (a: Money, b: Money) -> Bool { a.nanos < b.nanos }

    public var isNegative: Bool { nanos < 0 }

    /// Adds, failing loudly instead of wrapping: a total that overflows Int64
    /// (9.2 billion currency units) is an input error, never a silent wrap.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        let (value, overflow) = nanos.addingReportingOverflow(other.nanos)
        if overflow { throw .overflow }
        return Money(nanos: value)
    }

    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        let (value, overflow) = nanos.subtractingReportingOverflow(other.nanos)
        if overflow { throw .overflow }
        return Money(nanos: value)
    }

    /// The rounding rule used everywhere money becomes cents (display, journal
    /// lines, statements): round half away from zero at the cent, the rule
    /// accountants expect (2.345 → 2.35, -2.345 → -2.35).
    public func roundedToCents() -> Int64 {
        Money.roundHalfAwayFromZero(Int128(nanos), divisor: 10_000_000)
    }

    static func roundHalfAwayFromZero(_ value: Int128, divisor: Int128) -> Int64 {
        let quotient = value / divisor
        let remainder = value % divisor
        var result = quotient
        if remainder.magnitude * 2 >= divisor.magnitude {
            result += value < 0 ? -1 : 1
        }
        return Int64(result)
    }

    /// Exact decimal text with all nine fraction digits trimmed of trailing zeros
    /// (at least two): "1234.5" → "1234.50", "0.000000001" stays as is.
    public var description: String { MoneyFormat.plain(self) }
}

public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case overflow

    public var description: String { "an amount exceeds the ledger's range (about 9.2 billion currency units)" }
}

/// A running total wide enough that no realistic ledger can overflow it;
/// converting back to `Money` checks the range.
public struct MoneySum: Sendable, Equatable {
    public private(set) var nanos: Int128 = 0
    public init() {}
    public init(nanos: Int128) { self.nanos = nanos }
    public init(_ values: some Sequence<Money>) { for v in values { add(v) } }
    public static func - (a: MoneySum, b: MoneySum) -> MoneySum { MoneySum(nanos: a.nanos - b.nanos) }
    public mutating func add(_ m: Money) { nanos += Int128(m.nanos) }
    public mutating func add(_ s: MoneySum) { nanos += s.nanos }
    public static func + (a: MoneySum, b: MoneySum) -> MoneySum { var r = a; r.add(b); return r }
    public func money() throws(MoneyError) -> Money {
        guard let v = Int64(exactly: nanos) else { throw .overflow }
        return Money(nanos: v)
    }
    public func roundedToCents() -> Int64 { Money.roundHalfAwayFromZero(nanos, divisor: 10_000_000) }
}
