import ChargebackCore
import ChargebackRender
import Crypto

/// What this build does with each period, and why: a pure decision from the
/// previous build's record (`BuildState`), the ledger's fingerprints and
/// statuses, the periods asked for (`--period`) and the key of this build's
/// templates and settings. No I/O; `SiteBuild` carries it out.
///
/// In order of precedence:
/// 1. a finalized period the previous site froze (archived) is kept as it
///    is, whatever changed: its archive is the record;
/// 2. a period that is not finalized, not asked for, whose fingerprint and
///    the render key are the previous build's, is kept;
/// 3. any other period is rendered, and archived (frozen) when finalized.
///
/// A kept period whose files turn out to be missing from the previous site
/// is rendered after all (`Period.fallback`).
struct BuildPlan: Sendable, Equatable {
    enum Reason: String, Sendable, Equatable {
        case frozen = "finalized and archived: kept as it is"
        case unchanged = "unchanged since the previous build"
        case noPreviousBuild = "no previous build"
        case settingsChanged = "templates, assets or settings changed"
        case new = "not in the previous build"
        case changed = "its data changed"
        case forced = "asked for (--period)"
        case toArchive = "finalized: rendered once more and archived"
    }

    enum Action: Sendable, Equatable {
        /// Keep every file of the period from the previous site, with what the build state said of them.
        case keep(FinancePeriod, frozen: FrozenPeriod?)
        /// Read, render and write the period; `archive`: then freeze it.
        case render(archive: Bool)
    }

    struct Period: Sendable, Equatable {
        var period: BillingPeriod
        var status: PeriodStatus
        /// The period's fingerprint chained with those of the periods its trend charts show.
        var fingerprint: String
        var action: Action
        var reason: Reason

        /// What to do if keeping fails (files missing from the previous site).
        var fallback: Action { .render(archive: status == .finalized) }

        /// Kept as frozen (finalized and archived by an earlier build).
        var isFrozen: Bool {
            if case .keep(_, .some) = action { true } else { false }
        }
    }

    var periods: [Period]
    /// The previous build, when made with the same templates and settings (else only frozen periods are kept from it).
    var sameKey: Bool

    /// `periods`: every period of the ledger, oldest first; `window`: how many periods a trend chart shows.
    init(periods: [(period: BillingPeriod, status: PeriodStatus)], fingerprints: [BillingPeriod: String], window: Int,
         previous: BuildState?, renderKey: String, forced: Set<BillingPeriod>) {
        let sameKey = previous?.templates == renderKey
        self.sameKey = sameKey
        let all = periods.map(\.period)
        self.periods = periods.map { period, status in
            let p = period.description
            let fingerprint = Self.chained(period, all: all, window: window, fingerprints)
            func render(_ reason: Reason) -> Period {
                Period(period: period, status: status, fingerprint: fingerprint, action: .render(archive: status == .finalized),
                       reason: status == .finalized ? .toArchive : reason)
            }
            if status == .finalized, let frozen = previous?.frozen[p], let finance = previous?.finance[p] {
                return Period(period: period, status: status, fingerprint: fingerprint, action: .keep(finance, frozen: frozen), reason: .frozen)
            }
            guard let previous else { return render(.noPreviousBuild) }
            guard sameKey else { return render(.settingsChanged) }
            if forced.contains(period) { return render(.forced) }
            guard let before = previous.periods[p], let finance = previous.finance[p] else { return render(.new) }
            guard before == fingerprint, status != .finalized else { return render(.changed) }
            return Period(period: period, status: status, fingerprint: fingerprint, action: .keep(finance, frozen: nil), reason: .unchanged)
        }
    }

    /// Periods to keep from the previous site, oldest first.
    var kept: [Period] { periods.filter { if case .keep = $0.action { true } else { false } } }
    /// Periods to render, oldest first.
    var rendered: [Period] { periods.filter { if case .render = $0.action { true } else { false } } }

    /// A period's fingerprint combined with those of the periods its trends
    /// show: a change to an earlier period changes this period's charts.
    static func chained(_ p: BillingPeriod, all: [BillingPeriod], window: Int, _ fingerprints: [BillingPeriod: String]) -> String {
        let shown = all.filter { $0 <= p }.suffix(window)
        let text = shown.map { "\($0)=\(fingerprints[$0] ?? "-")" }.joined(separator: ",")
        return FileDigest.hex(SHA256.hash(data: Array(text.utf8)))
    }
}
