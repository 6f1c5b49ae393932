import ChargebackCore
import ChargebackRender
import Crypto

/// What a build reads before it plans: the settings, templates and assets
/// (with the key they give), the ledger's overview and each period's
/// fingerprint, and the access rules (decided now, so a PI who cannot be
/// given rules stops the build before anything is written).
struct SiteInputs: Sendable {
    let settings: RenderSettings
    let templates: SiteTemplates
    let overview: LedgerOverview
    let fingerprints: [BillingPeriod: String]
    let trends: TrendTable
    let pages: SitePages
    let renderer: PageRenderer
    let journals: PeriodJournals
    let pdfs: StatementPDFs
    let access: SiteAccessFiles

    /// Templates, assets, the settings and the GL template: a file made under another key is made again.
    let renderKey: String
    var warnings: [String] { templates.warnings }

    init(store: LedgerStore, config: AppConfig, footer: String, environment: [String: String]) throws {
        let builtin = try BuiltinFolder.required(environment: environment)
        settings = RenderSettings(config: config, footer: footer)
        let journalTemplate = try JournalTemplate(settings: settings, builtin: builtin)
        templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        renderKey = FileDigest.hex(SHA256.hash(data: Array((templates.digest + "\u{1F}" + journalTemplate.digest).utf8)))
        overview = try LedgerOverview.load(store: store)
        fingerprints = try PeriodFingerprint.all(store: store)
        trends = TrendTable(overview: overview, window: settings.site.trendPeriods)
        pages = SitePages(settings: settings)
        renderer = PageRenderer(templates: templates)
        journals = PeriodJournals(files: JournalFiles(settings: settings, template: journalTemplate))
        pdfs = StatementPDFs(renderer: renderer, pages: pages, settings: settings,
                             images: try StatementImages(assets: templates.assets, organization: settings.organization))
        access = try SiteAccessFiles(config: config.site.access, piEmails: overview.pis.map(\.piEmail))
    }
}
