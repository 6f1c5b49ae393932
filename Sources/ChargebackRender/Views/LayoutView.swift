/// What a theme layout (`themes/<name>/layouts/<kind>.html`, falling back
/// to `base.html`) receives. Every field is final text: the layout only
/// places it. `content` is the page's HTML (rendered Markdown) and is the
/// one value a layout writes unescaped (`{{{content}}}`).
public struct LayoutView: Sendable {
    public struct Crumb: Sendable {
        /// Link text.
        public var title: String
        /// Target relative to the site root (the layout prefixes `root`); nil for the current page (the last crumb).
        public var href: String?
    }

    public struct Banner: Sendable {
        /// "draft", "closed" or "final": a CSS modifier (`banner-draft`).
        public var kind: String
        /// One line, e.g. "DRAFT — period 2026-10 is open; amounts may change."
        public var text: String
    }

    /// `lang` attribute, e.g. "en".
    public var lang: String
    /// `<title>`: page title and site title.
    public var title: String
    /// Page heading (h1) — also the last crumb.
    public var heading: String
    /// Site name in the header (organisation or `site.title`).
    public var siteTitle: String
    /// Relative path from this page to the site root: "" or "../../". Every
    /// link and asset in a layout starts with it, so the site works from any
    /// sub-path and from file://.
    public var root: String
    /// Page kind ("dashboard", "period", "review", "statement", "pi", "finance"): a body class.
    public var kind: String
    public var breadcrumbs: [Crumb]
    public var banner: Banner?
    /// Rendered page body (HTML).
    public var content: String
    /// Contact e-mail for questions; "" when not configured.
    public var contactEmail: String
    /// Footer line, e.g. "Data as of 2026-10-31 14:02 UTC · OpenChargeback 0.3.0".
    public var footer: String
    /// The logo relative to the site root (`assets/logo.svg`; the layout
    /// prefixes `root`); "" when none is configured.
    public var logo: String = ""
}
