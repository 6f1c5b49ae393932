/// `currency:` and `currency_code:` — the ISO 4217 code charges are billed in.
///
/// `currency` is a code (`USD`) or, as the legacy tool wrote it, a symbol
/// (`$`). A symbol becomes its code by `symbols` below; `currency_code` names
/// the code outright (needed for a symbol not in the table, e.g. `kr`, or to
/// read `$` as CAD). The ledger, statements and journals use the code; the
/// symbol is not shown anywhere (a code is unambiguous, `$` is not).
public enum CurrencyCode {
    /// Symbols and the code each stands for when `currency_code` is not given.
    /// Ambiguous symbols take the most common reading: `$` USD, `¥` JPY (set
    /// `currency_code: CNY` for yuan), `£` GBP.
    public static let symbols: [(symbol: String, code: String)] = [
        ("$", "USD"), ("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW"),
        ("₪", "ILS"), ("₺", "TRY"), ("₱", "PHP"), ("₫", "VND"), ("₦", "NGN"), ("₴", "UAH"), ("₽", "RUB"),
        ("C$", "CAD"), ("CA$", "CAD"), ("A$", "AUD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"),
        ("S$", "SGD"), ("R$", "BRL"), ("Mex$", "MXN"), ("R", "ZAR"), ("zł", "PLN"), ("Kč", "CZK"), ("Fr.", "CHF"),
    ]

    /// True for three uppercase ASCII letters.
    public static func isCode(_ text: String) -> Bool {
        text.count == 3 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    /// The code `symbol` stands for, if it is in the table.
    public static func code(forSymbol symbol: String) -> String? {
        symbols.first { $0.symbol == symbol }?.code
    }

    /// The symbols as a message lists them.
    static var symbolList: String { symbols.prefix(7).map(\.symbol).joined(separator: " ") + " …" }
}
