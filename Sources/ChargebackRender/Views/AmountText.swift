import ChargebackCore

/// Money as templates show it: rounded to cents by the one rounding rule,
/// thousands separators, the configured currency ("USD -1,234.56").
package struct AmountText: Sendable {
    package let currency: String

    package init(currency: String) {
        self.currency = currency
    }

    package func callAsFunction(_ m: MoneySum) -> String { MoneyFormat.display(cents: m.roundedToCents(), currency: currency) }
    package func callAsFunction(_ m: Money) -> String { MoneyFormat.display(m, currency: currency) }
    /// Cents, for charts.
    package func cents(_ m: MoneySum) -> Int64 { m.roundedToCents() }

    package func totals(_ t: ChargeTotals) -> TotalsView {
        TotalsView(rows: String(t.rows), list: self(t.list), discount: self(t.discount), subsidy: self(t.subsidy),
                   amount: self(t.billed), discountPercent: MoneyFormat.percent(t.discount, of: t.list),
                   subsidyPercent: MoneyFormat.percent(t.subsidy, of: t.list))
    }
}

/// List price → negotiated discount (list − contracted) → subsidy
/// (contracted − billed) → amount due (billed), formatted.
package struct TotalsView: Sendable {
    package var rows: String
    package var list: String
    package var discount: String
    package var subsidy: String
    package var amount: String
    /// Discount as a share of list price, "12.5%".
    package var discountPercent: String
    package var subsidyPercent: String
}
