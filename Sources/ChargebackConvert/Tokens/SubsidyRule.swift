import ChargebackCore

/// One subsidy of `subsidies.json` (SUBSIDY-OPTIONS.md): who is covered
/// (per project, per user, per PI or one global pool), over which window
/// (fiscal year, calendar year, month, calendar week), and how much of the
/// usage in that window it covers (a cap, or graduated tiers).
///
/// A cap of C covers the first C of usage in the window at 100%; tiers
/// cover each slice of cumulative usage at their percent
/// (`[{"up_to": 200, "percent": 100}, {"up_to": 500, "percent": 50}]`).
public struct SubsidyRule: Sendable, Equatable {
    public enum Scope: String, Sendable, Equatable {
        case project, user, pi, global
    }

    public enum Window: Sendable, Equatable {
        /// A fiscal year starting on this month and day; named FY<year it ends>, as the legacy script.
        case fiscalYear(month: Int, day: Int)
        case calendarYear
        case month
        /// Calendar weeks, Monday to Sunday.
        case week

        /// The window a day falls in, as a stable name.
        public func name(of day: CivilDay) -> String {
            switch self {
            case .fiscalYear(let m, let d):
                let starts = CivilDay(year: day.year, month: m, day: min(d, FocusDate.daysIn(month: m, year: day.year)))!
                return "FY\(starts <= day ? day.year + 1 : day.year)"
            case .calendarYear: return "CY\(day.year)"
            case .month: return day.period.description
            case .week: return "W" + day.adding(days: -day.weekdayFromMonday).description
            }
        }
    }

    public struct Tier: Sendable, Equatable {
        /// Cumulative usage in the window up to which this tier applies; nil: no bound.
        public var upTo: Exact?
        public var percent: Exact
    }

    public var name: String
    public var fundOrg: String?
    /// Whose statement the subsidy's own rows go on (nil: the PI of the usage, as the legacy script).
    public var piEmail: String?
    public var scope: Scope
    public var window: Window
    public var tiers: [Tier]
    public var services: [String]
    /// Project ids covered; nil: all ("*").
    public var projects: [String]?
    public var enabled: Bool

    public init(name: String, fundOrg: String?, piEmail: String? = nil, scope: Scope, window: Window, tiers: [Tier],
                services: [String], projects: [String]? = nil, enabled: Bool = true) {
        self.name = name
        self.fundOrg = fundOrg
        self.piEmail = piEmail
        self.scope = scope
        self.window = window
        self.tiers = tiers
        self.services = services
        self.projects = projects
        self.enabled = enabled
    }

    /// The part of `cost` covered, when `before` was already used in the window.
    public func covered(cost: Exact, before: Exact) throws(ExactOverflow) -> Exact {
        var graduated: [(upTo: Exact?, factor: Exact)] = []
        for tier in tiers { graduated.append((tier.upTo, try tier.percent / Exact.hundred)) }
        return try Graduated.sum(graduated, from: before, to: before + cost)
    }

    /// Who shares one allowance.
    public func scopeKey(project: String, user: String, pi: String?) -> String {
        switch scope {
        case .project: project
        case .user: user
        case .pi: pi ?? project
        case .global: "*"
        }
    }
}

extension SubsidyRule {
    init(_ node: SettingsNode, warnings: inout [String]) throws(InputError) {
        let o = try node.object()
        let name = try o.require("name", "the subsidy's name").text() ?? ""
        guard !name.isEmpty else { throw node.error("a subsidy needs a name") }
        let type = try o.value("type")?.string() ?? "per_project_cap"
        var scope: Scope
        var tiers: [Tier] = []
        switch type {
        case "per_project_cap", "per_user_cap", "per_pi_cap", "global_cap":
            scope = [ "per_project_cap": .project, "per_user_cap": .user, "per_pi_cap": .pi, "global_cap": .global][type]!
            let cap = try o.require("cap_amount", "the amount covered in each window").nonNegative("an amount")
            tiers = [Tier(upTo: cap, percent: .hundred)]
        case "tiered":
            scope = .project
            let list = try o.require("tiers", "the tiers, each with percent (and up_to but the last)").array()
            for (i, item) in list.enumerated() {
                let t = try item.object()
                var bound: Exact?
                if let v = t.value("up_to") { bound = try v.nonNegative("an amount") }
                else if i != list.count - 1 { throw item.error("missing up_to: only the last tier may be unbounded") }
                if let b = bound, let previous = tiers.last?.upTo, !(previous < b) { throw item.error("up_to must grow from tier to tier") }
                tiers.append(Tier(upTo: bound, percent: try t.require("percent", "the percent of usage covered").percent()))
                t.unknownKeys(into: &warnings)
            }
        default:
            throw (o.value("type") ?? node).error("expected a subsidy type per_project_cap, per_user_cap, per_pi_cap, global_cap or tiered, got \(FocusText.quote(type))")
        }
        if let s = o.value("scope") {
            guard let v = Scope(rawValue: try s.string()) else { throw s.error("expected a scope project, user, pi or global, got \(s.shape)") }
            scope = v
        }
        let window: Window
        let periodNode = o.value("period")
        switch try periodNode?.string() ?? "fiscal_year" {
        case "fiscal_year":
            let start = try o.value("fiscal_year_start")?.string() ?? "07-01"
            let parts = start.split(separator: "-")
            guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m), (1...31).contains(d),
                  d <= FocusDate.daysIn(month: m, year: 2000)
            else { throw (o.value("fiscal_year_start") ?? node).error("expected the fiscal year's first day as MM-DD (e.g. 07-01), got \(FocusText.quote(start))") }
            window = .fiscalYear(month: m, day: d)
        case "calendar_year": window = .calendarYear
        case "month": window = .month
        case "week": window = .week
        case let other:
            throw (periodNode ?? node).error("expected a period fiscal_year, calendar_year, month or week, got \(FocusText.quote(other))")
        }
        var projects: [String]?
        if let list = try o.value("eligible_projects")?.stringList(), !list.contains("*") { projects = list }
        self.init(name: name, fundOrg: try o.value("fund_org")?.text(), piEmail: try o.value("pi_email")?.text(), scope: scope,
                  window: window, tiers: tiers, services: try o.value("applies_to_services")?.stringList() ?? ["OpenAI"],
                  projects: projects, enabled: try o.value("enabled")?.bool() ?? true)
        o.ignore("description", "notes")
        o.unknownKeys(into: &warnings)
    }
}
