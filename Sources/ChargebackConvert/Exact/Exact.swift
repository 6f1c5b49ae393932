import ChargebackCore

/// An exact rational number: rates, quantities and amounts while a
/// converter applies its rules. Decimal text goes straight in ("0.01" is
/// 1/100), products and quotients stay exact, and the only rounding is the
/// one `roundedToCents()` does, once, when an amount is written.
///
/// Int128 numerator and denominator, reduced after every operation; an
/// operation that would not fit throws `ExactOverflow` (never wraps).
public struct Exact: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var numerator: Int128
    /// Always positive.
    public private(set) var denominator: Int128

    public static let zero = Exact(0)
    public static let one = Exact(1)
    public static let hundred = Exact(100)

    public init(_ integer: Int128) {
        numerator = integer
        denominator = 1
    }

    public init(_ integer: Int) { self.init(Int128(integer)) }

    /// `numerator / denominator`; the denominator must not be zero.
    public init(_ numerator: Int128, over denominator: Int128) throws(ExactOverflow) {
        precondition(denominator != 0, "Exact: zero denominator")
        if denominator < 0 {
            guard numerator != .min, denominator != .min else { throw ExactOverflow() }
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
        reduce()
    }

    private mutating func reduce() {
        let g = Exact.gcd(numerator.magnitude, denominator.magnitude)
        if g > 1 {
            numerator /= Int128(g)
            denominator /= Int128(g)
        }
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public var isNegative: Bool { numerator < 0 }
    public var isZero: Bool { numerator == 0 }

    public static func < (a: Exact, b: Exact) -> Bool {
        // Cross-multiplied in full width: exact, never overflows (denominators are positive).
        let left = a.numerator.multipliedFullWidth(by: b.denominator)
        let right = b.numerator.multipliedFullWidth(by: a.denominator)
        return left.high < right.high || (left.high == right.high && left.low < right.low)
    }

    public static func + (a: Exact, b: Exact) throws(ExactOverflow) -> Exact {
        if a.denominator == b.denominator { return try Exact(checked(a.numerator, .add, b.numerator), over: a.denominator) }
        let g = Int128(gcd(a.denominator.magnitude, b.denominator.magnitude))
        let left = try checked(a.numerator, .mul, b.denominator / g)
        let right = try checked(b.numerator, .mul, a.denominator / g)
        return try Exact(checked(left, .add, right), over: checked(a.denominator / g, .mul, b.denominator))
    }

    public static func - (a: Exact, b: Exact) throws(ExactOverflow) -> Exact {
        guard b.numerator != .min else { throw ExactOverflow() }
        return try a + Exact(numerator: -b.numerator, denominator: b.denominator)
    }

    public static func * (a: Exact, b: Exact) throws(ExactOverflow) -> Exact {
        // Cancel across first so the products stay small.
        let g1 = Int128(gcd(a.numerator.magnitude, b.denominator.magnitude))
        let g2 = Int128(gcd(b.numerator.magnitude, a.denominator.magnitude))
        let n = try checked(a.numerator / Swift.max(g1, 1), .mul, b.numerator / Swift.max(g2, 1))
        let d = try checked(a.denominator / Swift.max(g2, 1), .mul, b.denominator / Swift.max(g1, 1))
        return try Exact(n, over: d)
    }

    /// Division; dividing by zero is a programming error (rules validate divisors first).
    public static func / (a: Exact, b: Exact) throws(ExactOverflow) -> Exact {
        precondition(!b.isZero, "Exact: division by zero")
        return try a * Exact(numerator: b.denominator, denominator: b.numerator).normalized()
    }

    private init(numerator: Int128, denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    private func normalized() throws(ExactOverflow) -> Exact { try Exact(numerator, over: denominator) }

    private enum Op { case add, mul }

    private static func checked(_ a: Int128, _ op: Op, _ b: Int128) throws(ExactOverflow) -> Int128 {
        let (v, o) = op == .add ? a.addingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
        if o { throw ExactOverflow() }
        return v
    }

    public static func max(_ a: Exact, _ b: Exact) -> Exact { a < b ? b : a }
    public static func min(_ a: Exact, _ b: Exact) -> Exact { a < b ? a : b }

    /// Rounded to whole cents, half away from zero (the rule `Money` uses everywhere).
    public func roundedToCents() throws(ExactOverflow) -> Money {
        let cents = Exact.roundHalfAwayFromZero(try Exact.checked(numerator, .mul, 100), denominator)
        guard let value = Int64(exactly: cents) else { throw ExactOverflow() }
        let (nanos, overflow) = value.multipliedReportingOverflow(by: 10_000_000)
        if overflow { throw ExactOverflow() }
        return Money(nanos: nanos)
    }

    /// Rounded to `digits` decimal places, half away from zero, as plain decimal text (for tags and descriptions).
    /// Built as bytes and made a String once: inserting the point and removing zeros from a
    /// String one Character at a time was 19 % of `convert slurm --per-job` (perf).
    public func decimalText(digits: Int) -> String {
        var scale: Int128 = 1
        for _ in 0..<digits { scale *= 10 }
        guard let scaled = try? Exact.checked(numerator, .mul, scale) else { return "\(numerator)/\(denominator)" }
        let q = Exact.roundHalfAwayFromZero(scaled, denominator)
        // (UInt128's description divides in 128 bits; amounts and quantities fit in 64.)
        var bytes = Array((UInt64(exactly: q.magnitude).map { String($0) } ?? String(q.magnitude)).utf8)
        if digits > 0 {
            if bytes.count <= digits { bytes.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits - bytes.count + 1), at: 0) }
            let point = bytes.count - digits
            var end = bytes.count
            while end > point && bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if end > point {
                bytes.insert(UInt8(ascii: "."), at: point)
                end += 1
            }
            bytes.removeSubrange(end...)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return q < 0 && text != "0" ? "-" + text : text
    }

    /// For descriptions people read: `decimalText` with the thousands grouped and at least
    /// `minimumDigits` decimals (2 for money: "1,200.00 a year", "8.00 per TiB-month", "0.0125
    /// per SU"; quantities as "52,880.25 core-hours"). Tags keep `decimalText`: software reads them.
    public func readableText(digits: Int, minimumDigits: Int = 0) -> String {
        let plain = decimalText(digits: digits)
        guard !plain.contains("/") else { return plain }
        let negative = plain.hasPrefix("-")
        let parts = plain.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if fraction.count < minimumDigits { fraction += String(repeating: "0", count: minimumDigits - fraction.count) }
        return (negative ? "-" : "") + whole + grouped + (fraction.isEmpty ? "" : "." + fraction)
    }

    static func roundHalfAwayFromZero(_ value: Int128, _ divisor: Int128) -> Int128 {
        let q = value / divisor
        let r = value % divisor
        if r.magnitude * 2 >= divisor.magnitude { return q + (value < 0 ? -1 : 1) }
        return q
    }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }
}

/// A computation left the range of exact arithmetic (about 10^38): only absurd inputs get here.
public struct ExactOverflow: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "a quantity is too large to compute exactly" }
}

extension Exact {
    public enum ParseError: Error, Equatable, Sendable {
        case invalid
        case outOfRange
    }

    /// Parses decimal text: an optional sign, digits with an optional
    /// fraction, an optional exponent (`12`, `-0.5`, `.25`, `1.5e-3`).
    public init(decimal text: String) throws(ParseError) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
            negative = s == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        var mantissa: Int128 = 0
        var scale = 0
        var sawDigit = false
        var sawPoint = false
        while let c = bytes.first {
            if c >= 48 && c <= 57 {
                sawDigit = true
                let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(Int128(c - 48))
                if o1 || o2 { throw .outOfRange }
                mantissa = m2
                if sawPoint { scale += 1 }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            bytes.removeFirst()
        }
        guard sawDigit else { throw .invalid }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.removeFirst()
            var expNegative = false
            if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                expNegative = s == UInt8(ascii: "-")
                bytes.removeFirst()
            }
            var exponent = 0
            var sawExp = false
            while let c = bytes.first, c >= 48, c <= 57 {
                sawExp = true
                exponent = exponent * 10 + Int(c - 48)
                if exponent > 60 { throw .outOfRange }
                bytes.removeFirst()
            }
            guard sawExp else { throw .invalid }
            scale += expNegative ? exponent : -exponent
        }
        guard bytes.isEmpty else { throw .invalid }
        var power: Int128 = 1
        for _ in 0..<abs(scale) {
            let (p, o) = power.multipliedReportingOverflow(by: 10)
            if o { throw .outOfRange }
            power = p
        }
        if negative { mantissa = -mantissa }
        do {
            if scale >= 0 {
                self = try Exact(mantissa, over: power)
            } else {
                let (v, o) = mantissa.multipliedReportingOverflow(by: power)
                if o { throw ParseError.outOfRange }
                self = Exact(v)
            }
        } catch {
            throw .outOfRange
        }
    }

    public init(_ money: Money) {
        self = (try? Exact(Int128(money.nanos), over: 1_000_000_000)) ?? .zero
    }
}
