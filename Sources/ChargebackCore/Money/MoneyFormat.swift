/// Turns exact `Money` into text. Two uses: exact machine text (`plain`, for
/// CSV and logs) and human display rounded to cents with thousands
/// separators and a currency (`display`).
public enum MoneyFormat {
    /// Exact decimal, trailing zeros trimmed to at least two decimals: "-1234.50".
    public static func plain(_ m: Money) -> String {
        let negative = m.nanos < 0
        let magnitude = m.nanos.magnitude
        let whole = magnitude / UInt64(Money.scale)
        var fraction = String(magnitude % UInt64(Money.scale))
        fraction = String(repeating: "0", count: Money.fractionDigits - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + String(whole) + "." + fraction
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

    static func groupThousands(_ digits: String) -> String {
        var out = ""
        for (index, ch) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
