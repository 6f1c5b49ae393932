/// Turns exact `Money` into text. Two uses: exact machine text (`plain`, for
/// CSV and logs) and human display rounded to cents with thousands
/// separators and a currency (`display`).
public enum MoneyFormat {
    /// Exact decimal, trailing zeros trimmed to at least two decimals: "-1234.50".
    public static func plain(_ m: Money) -> String { plain(nanos: Int128(m.nanos)) }

    /// The same for a sum, which may exceed `Money`'s range.
    public static func plain(_ s: MoneySum) -> String { plain(nanos: s.nanos) }

    static func plain(nanos: Int128) -> String {
        // On bytes: the journal's detail file formats five amounts per charge,
        // and String arithmetic here was a tenth of an incremental build (perf).
        var whole = nanos.magnitude / UInt128(Money.scale)
        var fraction = UInt64(nanos.magnitude % UInt128(Money.scale))
        var digits: [UInt8] = []
        digits.reserveCapacity(48)
        var kept = Money.fractionDigits
        while kept > 2 && fraction % 10 == 0 {
            fraction /= 10
            kept -= 1
        }
        for _ in 0..<kept {
            digits.append(UInt8(ascii: "0") + UInt8(fraction % 10))
            fraction /= 10
        }
        digits.append(UInt8(ascii: "."))
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        if nanos < 0 { digits.append(UInt8(ascii: "-")) }
        digits.reverse()
        return String(decoding: digits, as: UTF8.self)
    }

    /// Cents as "1234.56" / "-0.05" (journal lines, machine-readable totals).
    public static func cents(_ cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (negative ? "-" : "") + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Human display, rounded to cents by the one rounding rule, with thousands
    /// separators; the currency code leads: "USD 1,234.56", "USD -1,234.56".
    public static func display(_ m: Money, currency: String) -> String {
        display(cents: m.roundedToCents(), currency: currency)
    }

    public static func display(cents: Int64, currency: String) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        let grouped = groupThousands(String(magnitude / 100))
        let amount = (negative ? "-" : "") + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
        return currency.isEmpty ? amount : currency + " " + amount
    }

    /// `part` as a percentage of `whole` with one decimal, rounded by the one
    /// rounding rule: "12.5%", "-3.0%"; "—" when `whole` is zero.
    public static func percent(_ part: MoneySum, of whole: MoneySum) -> String {
        guard whole.nanos != 0 else { return "—" }
        // Work on magnitudes in Int128 (a tiny whole can make a huge ratio).
        let negative = (part.nanos < 0) != (whole.nanos < 0) && part.nanos != 0
        let p = part.nanos.magnitude, w = whole.nanos.magnitude
        guard p <= UInt128(Int64.max) * 1_000_000_000 else { return negative ? "-∞%" : "∞%" }
        var tenths = p * 1000 / w
        if (p * 1000 % w) * 2 >= w { tenths += 1 }
        return (negative ? "-" : "") + groupThousands(String(tenths / 10)) + "." + String(tenths % 10) + "%"
    }

    /// A count with thousands separators, as amounts show them: 12345 → "12,345".
    public static func count(_ n: Int) -> String {
        (n < 0 ? "-" : "") + groupThousands(String(n.magnitude))
    }

    static func groupThousands(_ digits: String) -> String {
        var out = ""
        for (index, ch) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
