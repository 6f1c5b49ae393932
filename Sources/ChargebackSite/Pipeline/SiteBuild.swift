import ChargebackCore
import ChargebackRender
import Dispatch
import Crypto
import Foundation

/// What `openchargeback build` asks for.
public struct SiteBuildOptions: Sendable {
    /// The site folder (replaced atomically at the end).
    public var out: String
    /// Periods to render again even if unchanged.
    public var forcePeriods: Set<BillingPeriod>
    /// `SOURCE_DATE_EPOCH`, if set: the build date shown in page footers.
    public var sourceDateEpoch: Int?
    /// Threads that render pages. Default: one per core.
    public var jobs: Int

    public init(out: String, forcePeriods: Set<BillingPeriod> = [], sourceDateEpoch: Int? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.out = out
        self.forcePeriods = forcePeriods
        self.sourceDateEpoch = sourceDateEpoch
        self.jobs = max(1, jobs)
    }
}

/// What a build did.
public struct SiteBuildSummary: Sendable {
    public var out: String
    public var filesWritten: Int
    public var filesKept: Int
    public var periodsRendered: [BillingPeriod]
    public var periodsKept: [BillingPeriod]
    public var pis: Int
    /// Finalized periods kept from their frozen copy (also in `periodsKept`), never rendered again.
    public var periodsFrozen: [BillingPeriod] = []
    /// Finalized periods rendered and archived by this build (also in `periodsRendered`).
    public var periodsArchived: [BillingPeriod] = []
    /// Of those, periods that had been frozen, but whose files were gone from the previous site: archived anew.
    public var periodsRearchived: [BillingPeriod] = []
    /// Periods whose GL journal could not be written, and why (the rest of the site is built).
    public var journalProblems: [BillingPeriod: [String]] = [:]
    /// The access rule files written (`site.access`), relative to the site; empty with mode none.
    public var accessFiles: [String] = []
    /// What the templates' authors should know (raw HTML a PDF leaves out), each naming the file and line.
    public var warnings: [String] = []
}

/// The site build, top to bottom: read the ledger into reports, plan pages,
/// render them (in parallel, skipping what did not change), write them into
/// a staging folder and swap it in.
public struct SiteBuild: Sendable {
    let store: LedgerStore
    let config: AppConfig
    let options: SiteBuildOptions
    let environment: [String: String]

    public init(store: LedgerStore, config: AppConfig, options: SiteBuildOptions,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.config = config
        self.options = options
        self.environment = environment
    }

    public func run() throws -> SiteBuildSummary {
        let builtin = try BuiltinFolder.required(environment: environment)
        let settings = RenderSettings(config: config, footer: Self.footer(sourceDateEpoch: options.sourceDateEpoch))
        let journalTemplate = try JournalTemplate(settings: settings, builtin: builtin)
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        // Templates, assets, settings and the GL template: a file made under another key is made again.
        let renderKey = FileDigest.hex(SHA256.hash(data: Array((templates.digest + "\u{1F}" + journalTemplate.digest).utf8)))
        let journals = PeriodJournals(files: JournalFiles(settings: settings, template: journalTemplate))
        let images = try StatementImages(assets: templates.assets, organization: settings.organization)
        let overview = try LedgerOverview.load(store: store)
        let fingerprints = try PeriodFingerprint.all(store: store)
        let access = try SiteAccessFiles(config: config.site.access, piEmails: overview.pis.map(\.piEmail))

        let staging = try StagingFolder(out: options.out)
        do {
            // Frozen periods are kept from the previous site whatever changed; the rest only under the same templates.
            let prior = BuildState.read(site: staging.out)
            let previous = prior.flatMap { $0.templates == renderKey ? $0 : nil }
            let output = SiteOutput(root: staging.path, previousRoot: prior == nil ? nil : staging.out,
                                    previous: prior?.files ?? [:], templatesUnchanged: previous != nil, recycled: staging.recycled,
                                    killAfter: environment["OPENCHARGEBACK_TEST_KILL_AFTER_FILES"].flatMap { Int($0) })
            let writer = PageWriter(output: output, renderer: PageRenderer(templates: templates), jobs: options.jobs)
            let pages = SitePages(settings: settings)
            var state = BuildState(tool: ToolVersion.current, templates: renderKey)
            var summary = SiteBuildSummary(out: staging.out, filesWritten: 0, filesKept: 0, periodsRendered: [], periodsKept: [], pis: overview.pis.count)
            summary.warnings = templates.warnings

            try writer.copyAssets(templates.assets)
            let trends = TrendTable(overview: overview, window: settings.site.trendPeriods)
            // Unchanged periods are kept (hard links) on another thread while the changed ones render.
            var unchanged: [BillingPeriod] = []
            var frozen: [BillingPeriod] = []
            for period in overview.periods {
                let p = period.period
                let fingerprint = trends.chainedFingerprint(p, fingerprints)
                state.periods[p.description] = fingerprint
                if period.record.status == .finalized, let archive = prior?.frozen[p.description], let finance = prior?.finance[p.description] {
                    state.frozen[p.description] = archive
                    state.finance[p.description] = finance
                    unchanged.append(p)
                    frozen.append(p)
                } else if period.record.status != .finalized, !options.forcePeriods.contains(p), previous?.periods[p.description] == fingerprint,
                          let finance = previous?.finance[p.description] {
                    state.finance[p.description] = finance
                    unchanged.append(p)
                }
            }
            let keeper = BackgroundWork { [unchanged] in try unchanged.filter { try writer.keepPeriod($0) } }
            let kept: Set<BillingPeriod>
            do {
                for p in overview.periods.map(\.period) where !unchanged.contains(p) {
                    try renderPeriod(p, pages: pages, writer: writer, trends: trends, journals: journals, images: images, into: &state)
                }
                kept = Set(try keeper.wait())
            } catch {
                _ = try? keeper.wait()
                throw error
            }
            // A period whose previous files were not all there is rendered after all.
            for p in unchanged where !kept.contains(p) {
                state.frozen[p.description] = nil
                try renderPeriod(p, pages: pages, writer: writer, trends: trends, journals: journals, images: images, into: &state)
            }
            for p in overview.periods.map(\.period) {
                if kept.contains(p) { summary.periodsKept.append(p) } else { summary.periodsRendered.append(p) }
                if frozen.contains(p), kept.contains(p) { summary.periodsFrozen.append(p) }
                if frozen.contains(p), !kept.contains(p) { summary.periodsRearchived.append(p) }
                if !kept.contains(p), state.frozen[p.description] != nil { summary.periodsArchived.append(p) }
                if let problems = state.finance[p.description]?.problems, !problems.isEmpty { summary.journalProblems[p] = problems }
            }
            try writer.renderHistories(overview: overview, pages: pages, trends: trends)
            try writer.renderAlways([pages.dashboard(overview), pages.finance(overview, journals: state.finance, archives: state.frozen)])
            summary.accessFiles = try access.write(to: output)

            output.removeStale()
            state.files = output.recorded
            try output.write(try state.encoded(), to: StagingFolder.marker, input: "", period: nil)
            try staging.commit()
            summary.filesWritten = output.written
            summary.filesKept = output.kept
            return summary
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// A changed period: its journal files, its admin pages, then every statement that changed;
    /// a finalized one is then archived, and frozen from now on.
    private func renderPeriod(_ p: BillingPeriod, pages: SitePages, writer: PageWriter, trends: TrendTable,
                              journals: PeriodJournals, images: StatementImages, into state: inout BuildState) throws {
        // Two read transactions at once (WAL): the period report's GROUP BYs beside the statements' sorted scan.
        let reading = BackgroundWork { [store] in try PeriodReports(store: store).report(p) }
        let statements: [StatementReport]
        do {
            statements = try StatementReports(store: store).load(p)
        } catch {
            _ = try? reading.wait()
            throw error
        }
        let report = try reading.wait()
        let details = try writer.map(statements.count) { journals.files.detail(statements[$0]) }
        let finance = try journals.write(statements, details: details, period: p, status: report.summary.status, output: writer.output)
        let finalized = report.summary.status == .finalized
        try writer.renderAlways([pages.period(report, journals: finance, archive: finalized ? SitePaths.archive(p) : nil),
                                 pages.review(report)], period: p)
        let pdfs = StatementPDFs(renderer: writer.renderer, pages: pages, settings: pages.settings, images: images)
        try writer.renderStatements(statements, details: details, pages: pages, trends: trends, pdfs: pdfs,
                                    issued: StatementPDFs.issued(report.record))
        state.finance[p.description] = finance
        if finalized {
            state.frozen[p.description] = try PeriodArchive.write(p, inputs: report.imports, finalizedAt: report.record.finalizedAt,
                                                                  output: writer.output)
        }
    }

    static func footer(sourceDateEpoch: Int?) -> String {
        var text = "OpenChargeback \(ToolVersion.current)"
        if let epoch = sourceDateEpoch {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
            text += " · built " + formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
        return text
    }
}
