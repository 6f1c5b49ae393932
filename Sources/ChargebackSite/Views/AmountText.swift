import ChargebackCore

/// Money as templates show it: rounded to cents by the one rounding rule,
/// thousands separators, the configured currency ("USD -1,234.56").
struct AmountText: Sendable {
    let currency: String

    func callAsFunction(_ m: MoneySum) -> String { MoneyFormat.display(cents: m.roundedToCents(), currency: currency) }
    func callAsFunction(_ m: Money) -> String { MoneyFormat.display(m, currency: currency) }
    /// Cents, for charts.
    func cents(_ m: MoneySum) -> Int64 { m.roundedToCents() }

    func totals(_ t: ChargeTotals) -> TotalsView {
        TotalsView(rows: String(t.rows), list: self(t.list), discount: self(t.discount), subsidy: self(t.subsidy),
                   amount: self(t.billed), discountPercent: MoneyFormat.percent(t.discount, of: t.list),
                   subsidyPercent: MoneyFormat.percent(t.subsidy, of: t.list))
    }
}

/// List price → negotiated discount (list − contracted) → subsidy
/// (contracted − billed) → amount due (billed), formatted.
struct TotalsView: Sendable {
    var rows: String
    var list: String
    var discount: String
    var subsidy: String
    var amount: String
    /// Discount as a share of list price, "12.5%".
    var discountPercent: String
    var subsidyPercent: String
}
