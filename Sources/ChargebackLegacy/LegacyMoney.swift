import ChargebackCore
import GRDB

// The ONLY place in the project where a Double appears. The legacy tool kept
// money as SQLite REAL (binary doubles); to bring it over, each value has to
// be read as the double it is and turned into exact nanos by one rule:
//
//   the shortest decimal that reads back as the same double (Swift's
//   `Double.description`, e.g. 0.1 → "0.1", 20227.000000000004 stays,
//   1e-7 → "1e-07"), then `Money(parsing:)`, which rounds digits past the
//   ninth decimal half-to-even (the ledger's precision).
//
// Nothing else may use Double: never add, compare or format money with it.

/// Where a value sits in the legacy ledger, for errors and the report.
public struct LegacyCell: Equatable, Sendable, CustomStringConvertible {
    public var table: String
    public var rowID: Int64
    public var column: String

    public var description: String { "\(table) row id \(rowID), column \(column)" }
}

/// How many money values `import-legacy` converted, and how many the rule touched.
public struct LegacyMoneyTally: Equatable, Sendable {
    /// Money values read (NULLs are not values).
    public var values = 0
    /// Not exactly the decimal stored: the double was an approximation
    /// (0.1 is 0.1000000000000000055… in binary) and the rule chose the decimal.
    public var inexactInBinary = 0
    /// The shortest decimal has more than 2 decimals (not whole cents; stored exactly when ≤ 9).
    public var beyondCents = 0
    /// The shortest decimal has more than 9 decimals: rounded to the nano (the stored amount differs from it).
    public var rounded = 0

    public init() {}
}

enum LegacyMoney {
    /// Converts one legacy money cell; nil for NULL. A NaN or an infinity, text,
    /// a blob or an amount beyond the ledger's range is an error naming the cell.
    static func convert(_ value: DatabaseValue, at cell: LegacyCell, tally: inout LegacyMoneyTally) throws(LegacyLedgerError) -> Money? {
        switch value.storage {
        case .null:
            return nil
        case .int64(let integer):
            tally.values += 1
            return try parse(String(integer), cell: cell)
        case .double(let double):
            guard double.isFinite else {
                throw .invalidMoney(cell, value: double.description, "a finite number (SQLite REAL); the legacy ledger holds \(double)")
            }
            let text = shortestDecimal(double)
            let money = try parse(text, cell: cell)
            let decimals = fractionDigits(text)
            tally.values += 1
            if decimals > 2 { tally.beyondCents += 1 }
            if decimals > Money.fractionDigits { tally.rounded += 1 }
            if !equalsExactly(double, money) { tally.inexactInBinary += 1 }
            return money
        case .string(let text):
            throw .invalidMoney(cell, value: "\"\(text)\"", "a number (SQLite REAL); found text")
        case .blob:
            throw .invalidMoney(cell, value: "(blob)", "a number (SQLite REAL); found a blob")
        }
    }

    /// A legacy total computed by SQLite (SUM over REAL) as exact money by the
    /// same rule, not counted in the tally: what the legacy tool would show.
    static func total(_ value: DatabaseValue, at cell: LegacyCell) throws(LegacyLedgerError) -> Money {
        var ignored = LegacyMoneyTally()
        return try convert(value, at: cell, tally: &ignored) ?? .zero
    }

    /// The shortest decimal text that reads back as `value` (Swift's
    /// `description`: "0.1", "20227.000000000004", "1e-07", "1e+16").
    static func shortestDecimal(_ value: Double) -> String { value.description }

    private static func parse(_ text: String, cell: LegacyCell) throws(LegacyLedgerError) -> Money {
        do {
            return try Money(parsing: text)
        } catch .outOfRange {
            throw .invalidMoney(cell, value: text, "an amount within the ledger's range (about ±9.2 billion)")
        } catch {
            throw .invalidMoney(cell, value: text, "a decimal number")
        }
    }

    /// Digits after the point of the plain decimal that `text` writes
    /// ("2040.0" → 0, "0.125" → 3, "1e-07" → 7, "1.5e+3" → 0).
    static func fractionDigits(_ text: String) -> Int {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? lower
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var fraction = mantissa.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return max(0, fraction.count - exponent)
    }

    /// Whether `money` is exactly the double's value: sign × M × 2^E × 10⁹ == nanos,
    /// in integers (M the 53-bit significand, E the binary exponent).
    static func equalsExactly(_ value: Double, _ money: Money) -> Bool {
        if value == 0 { return money.nanos == 0 }
        if (value < 0) != (money.nanos < 0) { return false }
        let bits = value.bitPattern
        let field = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        let significand = Int128(field == 0 ? fraction : fraction | (1 << 52))
        let exponent = field == 0 ? -1074 : field - 1075
        let target = Int128(money.nanos.magnitude)
        let scaled = significand * 1_000_000_000  // < 2^83
        if exponent >= 0 {
            guard exponent < 40 else { return false }  // ≥ 2^93 nanos: beyond any Money
            let (product, overflow) = scaled.multipliedReportingOverflow(by: Int128(1) << exponent)
            return !overflow && product == target
        }
        let shift = -exponent
        guard shift < 127 else { return false }
        let divisor = Int128(1) << shift
        return scaled % divisor == 0 && scaled / divisor == target
    }
}
