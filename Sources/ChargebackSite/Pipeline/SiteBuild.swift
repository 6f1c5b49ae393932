import ChargebackCore
import ChargebackRender
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
    /// Who ran the build (`--by`): the actor of the journal files and archives it records in the ledger.
    public var actor: String
    /// PIs read from the ledger, rendered and let go at a time, and at most in flight. Default: 4 per thread
    /// (at 3,000,000 rows an average PI has 1,500 charges: 16 per thread held ~17 MB of statements read ahead).
    public var statementsPerBatch: Int
    /// A statement with more charges has its CSV rows made this many at a time, never whole. Default: 8,192.
    public var csvRowsPerChunk: Int
    /// Told of each statement and history page as it is made.
    public var progress: any ProgressReporter

    public init(out: String, forcePeriods: Set<BillingPeriod> = [], sourceDateEpoch: Int? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, actor: String = "build", statementsPerBatch: Int? = nil,
                csvRowsPerChunk: Int = 8192, progress: any ProgressReporter = SilentProgress()) {
        self.out = out
        self.forcePeriods = forcePeriods
        self.sourceDateEpoch = sourceDateEpoch
        self.jobs = max(1, jobs)
        self.actor = actor
        self.statementsPerBatch = max(1, statementsPerBatch ?? self.jobs * 4)
        self.csvRowsPerChunk = max(1, csvRowsPerChunk)
        self.progress = progress
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
    /// Template problems worth a warning (raw HTML a PDF leaves out), each naming the file and line.
    public var warnings: [String] = []
}

/// The site build, top to bottom: read (templates, settings, the ledger's
/// overview) → plan (`BuildPlan`: keep, render or archive each period) →
/// render and write into a staging folder (kept periods linked from the
/// previous site on another thread meanwhile) → swap it in.
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
        // Read.
        let inputs = try SiteInputs(store: store, config: config, footer: Self.footer(sourceDateEpoch: options.sourceDateEpoch),
                                    environment: environment)
        let staging = try StagingFolder(out: options.out)
        do {
            // Plan.
            let previous = BuildState.read(site: staging.out)
            let plan = BuildPlan(periods: inputs.overview.periods.map { ($0.period, $0.record.status) }, fingerprints: inputs.fingerprints,
                                 window: inputs.settings.site.trendPeriods, previous: previous, renderKey: inputs.renderKey,
                                 forced: options.forcePeriods)
            // Render and write.
            let output = SiteOutput(root: staging.path, previousRoot: previous == nil ? nil : staging.out,
                                    previous: previous?.files ?? [:], templatesUnchanged: plan.sameKey, recycled: staging.recycled,
                                    killAfter: environment["OPENCHARGEBACK_TEST_KILL_AFTER_FILES"].flatMap { Int($0) })
            let writer = PageWriter(output: output, renderer: inputs.renderer, jobs: options.jobs, progress: options.progress,
                                    makesPDFs: environment["OPENCHARGEBACK_BENCH_NO_PDFS"] == nil, csvRowsPerChunk: options.csvRowsPerChunk)
            let periods = PeriodRendering(store: store, inputs: inputs, writer: writer, actor: options.actor, batch: options.statementsPerBatch)
            try writer.copyAssets(inputs.templates.assets)
            // Kept periods are linked from the previous site on another thread while the others render.
            let keeping = BackgroundWork { [plan] in try plan.kept.filter { try writer.keepPeriod($0.period) }.map(\.period) }
            var done: [BillingPeriod: PeriodOutcome] = [:]
            let kept: Set<BillingPeriod>
            do {
                for period in plan.rendered {
                    done[period.period] = try periods.render(period.period, archive: period.action == .render(archive: true))
                }
                kept = Set(try keeping.wait())
            } catch {
                _ = try? keeping.wait()
                throw error
            }
            // A kept period whose files were not all in the previous site is rendered after all.
            for period in plan.kept where !kept.contains(period.period) {
                done[period.period] = try periods.render(period.period, archive: period.fallback == .render(archive: true))
            }
            let state = BuildState(plan: plan, kept: kept, rendered: done, renderKey: inputs.renderKey)
            try writer.renderHistories(overview: inputs.overview, pages: inputs.pages, trends: inputs.trends)
            // A period archived by an earlier version has no audit page: the finance page links only those there are.
            let audited = Set(inputs.overview.periods.map(\.period).filter { output.recorded[SitePaths.audit($0)] != nil })
            try writer.renderAlways([inputs.pages.dashboard(inputs.overview),
                                     inputs.pages.finance(inputs.overview, journals: state.finance, archives: state.frozen, audited: audited)])
            let accessFiles = try inputs.access.write(to: output)

            // Swap.
            output.removeStale()
            var recorded = state
            recorded.files = output.recorded
            try output.write(try recorded.encoded(), to: BuildState.fileName, input: "", period: nil)
            try staging.commit()
            // Recorded once the archives are live (an abandoned build leaves none); the next build keeps them frozen.
            for (period, outcome) in done.sorted(by: { $0.key < $1.key }) {
                guard let frozen = outcome.frozen else { continue }
                try ArchiveLog(store: store).record(period: period, path: frozen.archive, bytes: Int64(frozen.bytes),
                                                    sha256: frozen.sha256, actor: options.actor)
            }
            var summary = SiteBuildSummary(plan: plan, kept: kept, state: state, out: staging.out, pis: inputs.overview.pis.count)
            summary.filesWritten = output.written
            summary.filesKept = output.kept
            summary.accessFiles = accessFiles
            summary.warnings = inputs.warnings
            return summary
        } catch {
            staging.abandon()
            throw error
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

extension SiteBuildSummary {
    /// What the plan and its outcome amount to, period by period.
    init(plan: BuildPlan, kept: Set<BillingPeriod>, state: BuildState, out: String, pis: Int) {
        self.init(out: out, filesWritten: 0, filesKept: 0, periodsRendered: [], periodsKept: [], pis: pis)
        for period in plan.periods {
            let p = period.period
            let frozen = period.isFrozen
            if kept.contains(p) { periodsKept.append(p) } else { periodsRendered.append(p) }
            if frozen, kept.contains(p) { periodsFrozen.append(p) }
            if frozen, !kept.contains(p) { periodsRearchived.append(p) }
            if !kept.contains(p), state.frozen[p.description] != nil { periodsArchived.append(p) }
            if let problems = state.finance[p.description]?.problems, !problems.isEmpty { journalProblems[p] = problems }
        }
    }
}
