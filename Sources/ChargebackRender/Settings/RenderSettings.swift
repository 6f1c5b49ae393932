import ChargebackCore
import Crypto

/// Every setting the renderers read: pages, PDFs, journal files and
/// e-mails are made from this value and the data, never from `AppConfig`.
/// Its `key` is a digest of all of it, so a page kept from an earlier build
/// was made with the same settings: a setting cannot shape output without
/// being in the key, because a renderer can only read it from here.
public struct RenderSettings: Sendable, Equatable {
    /// The part of `site:` that shapes pages (not `access:`, which only shapes the access rules).
    public struct Site: Sendable, Equatable {
        public var title: String?
        public var language: String
        public var trendPeriods: Int
        public var baseURL: String
        public var theme: String
        public var contentDir: String?
        public var themesDir: String?
    }

    public var currency: String
    public var organization: OrganizationConfig
    public var site: Site
    public var pdf: PDFConfig
    /// How statements list their line items (page and PDF alike).
    public var statements: StatementsConfig
    /// The journal's columns, descriptions, accounts and fund/org parts (GL, detail, summary, CSV downloads).
    public var journal: JournalConfig
    /// Sources' names, fund/orgs and accounts (journal credits, page titles).
    public var knownSources: [KnownSource]
    /// The page footer line (tool version, `SOURCE_DATE_EPOCH`).
    public var footer: String
    public var toolVersion: String

    public init(config: AppConfig, footer: String = "") {
        currency = config.currency
        organization = config.organization
        site = Site(title: config.site.title, language: config.site.language, trendPeriods: config.site.trendPeriods,
                    baseURL: config.site.baseURL, theme: config.site.theme, contentDir: config.site.contentDir,
                    themesDir: config.site.themesDir)
        pdf = config.pdf
        statements = config.statements
        journal = config.journal
        knownSources = config.imports.knownSources
        self.footer = footer
        toolVersion = ToolVersion.current
    }

    /// Site name in page headers: `site.title`, else the organisation.
    public var siteTitle: String { site.title ?? organization.name }

    /// SHA-256 (hex) of every field, recursively (`StableText`): equal keys, equal settings.
    public var key: String {
        FileDigest.hex(SHA256.hash(data: Array(StableText.describe(self).utf8)))
    }
}
