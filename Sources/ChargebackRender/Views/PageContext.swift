import ChargebackCore

/// What every page view needs besides its report: where the page is (for
/// relative links) and who publishes it.
struct PageContext: Sendable {
    /// The page's path relative to the site root.
    var path: String
    var organization: String
    var contactEmail: String
    var currency: String
    /// The logo's site path (`assets/logo.svg`), if one is configured.
    var logo: String? = nil
    /// How statements list their line items (`statements.line_items`).
    var statements = StatementsConfig()

    /// `target` (relative to the site root) as a link from this page.
    func link(_ target: String) -> String { SitePaths.link(from: path, to: target) }
    var amount: AmountText { AmountText(currency: currency) }
}

/// How a period's status reads on pages.
enum StatusText {
    static func label(_ status: PeriodStatus) -> String {
        switch status {
        case .open: "Draft (open)"
        case .closed: "Closed, pending finalization"
        case .finalized: "Final"
        }
    }
}
