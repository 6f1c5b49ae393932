import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import Testing

/// The build plan is a pure decision: what to keep, render or archive, and why, from the previous
/// build's record, the fingerprints, statuses, periods asked for and the render key. No I/O here.
@Suite struct BuildPlanTests {
    static let sep = BillingPeriod("2026-09")!
    static let oct = BillingPeriod("2026-10")!
    static let nov = BillingPeriod("2026-11")!
    static let finance = FinancePeriod(statementsCents: 123)
    static let archive = FrozenPeriod(archive: "archive/openchargeback_2026-09.zip", bytes: 10, sha256: "ab", files: 3)
    static let fingerprints: [BillingPeriod: String] = [sep: "f9", oct: "f10", nov: "f11"]

    /// The state a build with `key` left for these periods and fingerprints.
    static func previous(key: String = "k", periods: [BillingPeriod] = [sep, oct], frozen: [BillingPeriod] = [],
                         fingerprints: [BillingPeriod: String] = fingerprints, window: Int = 6) -> BuildState {
        var state = BuildState(tool: "t", templates: key)
        for p in periods {
            state.periods[p.description] = BuildPlan.chained(p, all: periods, window: window, fingerprints)
            state.finance[p.description] = finance
        }
        for p in frozen { state.frozen[p.description] = archive }
        return state
    }

    static func plan(_ statuses: [(BillingPeriod, PeriodStatus)], previous: BuildState?, key: String = "k",
                     fingerprints: [BillingPeriod: String] = fingerprints, forced: Set<BillingPeriod> = []) -> BuildPlan {
        BuildPlan(periods: statuses.map { (period: $0.0, status: $0.1) }, fingerprints: fingerprints, window: 6, previous: previous,
                  renderKey: key, forced: forced)
    }

    static func decisions(_ plan: BuildPlan) -> [String] {
        plan.periods.map { period in
            switch period.action {
            case .keep(_, let frozen): "\(period.period) keep\(frozen == nil ? "" : " frozen"): \(period.reason.rawValue)"
            case .render(let archive): "\(period.period) render\(archive ? " and archive" : ""): \(period.reason.rawValue)"
            }
        }
    }

    @Test func aFirstBuildRendersEverythingAndArchivesWhatIsFinalized() {
        let plan = Self.plan([(Self.sep, .finalized), (Self.oct, .open)], previous: nil)
        #expect(Self.decisions(plan) == [
            "2026-09 render and archive: finalized: rendered once more and archived",
            "2026-10 render: no previous build",
        ])
        #expect(plan.kept.isEmpty && plan.rendered.count == 2)
    }

    @Test func unchangedPeriodsAreKeptChangedOnesRendered() {
        var fingerprints = Self.fingerprints
        fingerprints[Self.oct] = "f10 after a late import"
        let plan = Self.plan([(Self.sep, .closed), (Self.oct, .open), (Self.nov, .open)], previous: Self.previous(), fingerprints: fingerprints)
        #expect(Self.decisions(plan) == [
            "2026-09 keep: unchanged since the previous build",
            "2026-10 render: its data changed",
            "2026-11 render: not in the previous build",
        ])
        #expect(plan.kept.first?.action == .keep(Self.finance, frozen: nil))
    }

    @Test func aChangeToAnEarlierPeriodChangesTheLaterPeriodsTrends() {
        var fingerprints = Self.fingerprints
        fingerprints[Self.sep] = "f9 changed"
        let plan = Self.plan([(Self.sep, .open), (Self.oct, .open)], previous: Self.previous(), fingerprints: fingerprints)
        #expect(plan.rendered.map(\.period) == [Self.sep, Self.oct], "2026-10's trend chart shows 2026-09")
    }

    @Test func frozenPeriodsAreKeptWhateverChangedEvenWhenAskedFor() {
        var fingerprints = Self.fingerprints
        fingerprints[Self.sep] = "changed after finalizing"
        let previous = Self.previous(key: "old templates", frozen: [Self.sep])
        let plan = Self.plan([(Self.sep, .finalized), (Self.oct, .open)], previous: previous, key: "new templates",
                             fingerprints: fingerprints, forced: [Self.sep])
        #expect(Self.decisions(plan) == [
            "2026-09 keep frozen: finalized and archived: kept as it is",
            "2026-10 render: templates, assets or settings changed",
        ])
        #expect(plan.periods[0].isFrozen)
        // If its files are gone from the site, it is rendered and archived anew.
        #expect(plan.periods[0].fallback == .render(archive: true))
        #expect(!plan.sameKey)
    }

    @Test func askedForPeriodsAreRenderedAndFinalizingArchives() {
        let plan = Self.plan([(Self.sep, .finalized), (Self.oct, .open)], previous: Self.previous(), forced: [Self.oct])
        #expect(Self.decisions(plan) == [
            "2026-09 render and archive: finalized: rendered once more and archived",
            "2026-10 render: asked for (--period)",
        ])
    }

    @Test func theStateLeftBehindRecordsWhatWasKeptAndMade() {
        let plan = Self.plan([(Self.sep, .finalized), (Self.oct, .open), (Self.nov, .open)],
                             previous: Self.previous(frozen: [Self.sep]))
        let made = FinancePeriod(statementsCents: 999)
        // 2026-10 was to be kept but its files were missing: rendered after all.
        let state = BuildState(plan: plan, kept: [Self.sep], rendered: [Self.oct: PeriodOutcome(finance: made, frozen: nil),
                                                                          Self.nov: PeriodOutcome(finance: made, frozen: nil)],
                               renderKey: "k")
        #expect(state.templates == "k")
        #expect(state.frozen == ["2026-09": Self.archive])
        #expect(state.finance == ["2026-09": Self.finance, "2026-10": made, "2026-11": made])
        #expect(state.periods.keys.sorted() == ["2026-09", "2026-10", "2026-11"])
        let summary = SiteBuildSummary(plan: plan, kept: [Self.sep], state: state, out: "/site", pis: 3)
        #expect(summary.periodsKept == [Self.sep] && summary.periodsFrozen == [Self.sep])
        #expect(summary.periodsRendered == [Self.oct, Self.nov] && summary.periodsArchived.isEmpty && summary.periodsRearchived.isEmpty)
    }
}
