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

    /// How the list price became the amount due, in one plain sentence (the
    /// statement shows it under its figures, on the page and in the PDF):
    /// "List price USD 1,623.52, less your negotiated discount of USD 105.40
    /// (6.5%) and a subsidy of USD 124.22, leaves USD 1,393.90 to pay."
    /// Amounts as displayed (rounded to the cent); a part that rounds to zero is left out.
    package func explanation(_ t: ChargeTotals) -> String {
        let discount = cents(t.discount), subsidy = cents(t.subsidy), due = cents(t.billed)
        var parts: [String] = []
        if discount > 0 {
            parts.append("your negotiated discount of \(self(t.discount)) (\(MoneyFormat.percent(t.discount, of: t.list)))")
        }
        if subsidy > 0 { parts.append("a subsidy of \(self(t.subsidy))") }
        var added: [String] = []
        if discount < 0 { added.append("\(self(MoneySum() - t.discount)) above the list price") }
        if subsidy < 0 { added.append("a surcharge of \(self(MoneySum() - t.subsidy))") }
        guard !parts.isEmpty || !added.isEmpty else {
            return "No discount or subsidy applies: the amount due is the list price, \(self(t.billed))."
        }
        var sentence = "List price \(self(t.list))"
        if !parts.isEmpty { sentence += ", less " + parts.joined(separator: " and ") }
        if !added.isEmpty { sentence += ", plus " + added.joined(separator: " and ") }
        let result = due < 0 ? "a credit of \(self(MoneySum() - t.billed))" : "\(self(t.billed)) to pay"
        return sentence + ", leaves " + result + "."
    }

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
