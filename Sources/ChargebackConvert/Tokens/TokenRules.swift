import ChargebackCore

/// How AI token usage is priced and who pays: a pure value, read from the
/// legacy `pricing.json`, `projects.json` and `subsidies.json`.
///
/// A usage row's cost is its credits × the credit pool's unit cost
/// (purchase amount / credits purchased), rounded to the cent; that is its
/// list and contracted price. A subsidy takes part of that cost off the PI's
/// bill (BilledCost) and, when it names a fund/org, bills that part to the
/// subsidy's fund/org in a row of its own, as the legacy v2 script did.
public struct TokenRules: Sendable, Equatable {
    public struct CreditPool: Sendable, Equatable {
        public var id: String?
        /// From this day on (nil: always).
        public var effective: CivilDay?
        /// Money per credit.
        public var unitCost: Exact
    }

    public struct Project: Sendable, Equatable {
        public var owner: ChargeOwner
    }

    public var serviceName: String
    /// Sorted by effective date; the latest one in effect on a row's date prices it.
    public var pools: [CreditPool]
    /// User e-mail (lower case) → project.
    public var users: [String: Project]
    public var subsidies: [SubsidyRule]

    public init(serviceName: String = "OpenAI", pools: [CreditPool], users: [String: Project], subsidies: [SubsidyRule] = []) {
        self.serviceName = serviceName
        self.pools = pools.sorted { a, b in
            switch (a.effective, b.effective) {
            case (nil, .some): true
            case let (.some(x), .some(y)): x < y
            default: false
            }
        }
        self.users = users
        self.subsidies = subsidies
    }

    public func pool(on day: CivilDay) -> CreditPool? {
        pools.last { $0.effective.map { $0 <= day } ?? true }
    }

    public func project(ofUser email: String) -> Project? { users[email.lowercased()] }

    /// The first enabled subsidy that covers this service and project (the legacy rule: first match wins).
    public func subsidy(project: String?) -> SubsidyRule? {
        guard let project else { return nil }
        return subsidies.first { $0.enabled && $0.services.contains(serviceName) && ($0.projects.map { $0.contains(project) } ?? true) }
    }
}

extension TokenRules {
    /// Reads the three legacy files (subsidies optional). A user listed in
    /// two projects is an error: their usage could go either way.
    public init(pricing: SettingsNode, projects: SettingsNode, subsidies: SettingsNode?, warnings: inout [String]) throws(InputError) {
        let p = try pricing.object()
        var pools: [CreditPool] = []
        for node in try p.require("credit_pools", "a list of credit pools, each with credits_purchased and purchase_amount").array() {
            let o = try node.object()
            let credits = try o.require("credits_purchased", "the number of credits bought").nonNegative("a number of credits")
            guard !credits.isZero else { throw node.error("credits_purchased must be more than 0") }
            let amount = try o.require("purchase_amount", "what the credits cost").nonNegative("an amount")
            var effective: CivilDay?
            if let e = o.value("effective_date") {
                let text = try e.string()
                guard let day = CivilDay(iso: text) else { throw e.error("expected a date YYYY-MM-DD, got \(FocusText.quote(text))") }
                effective = day
            }
            let unit: Exact
            do { unit = try amount / credits } catch { throw node.error("\(error)") }
            let id = try o.value("pool_id")?.text()
            let name = try o.value("name")?.text()
            pools.append(CreditPool(id: id ?? name, effective: effective, unitCost: unit))
            o.ignore("description", "notes")
            o.unknownKeys(into: &warnings)
        }
        guard !pools.isEmpty else { throw pricing.error("credit_pools is empty: expected at least one credit pool") }
        p.ignore("currency", "description", "notes", "_comment")
        p.unknownKeys(into: &warnings)

        var users: [String: Project] = [:]
        var firstSeen: [String: SettingsNode] = [:]
        let j = try projects.object()
        for node in try j.require("projects", "a list of projects, each with project_id, pi_email, fund_org and users").array() {
            let o = try node.object()
            let owner = ChargeOwner(piEmail: try o.value("pi_email")?.text(), projectId: try o.require("project_id", "the project's id").text(),
                                    fundOrg: try o.value("fund_org")?.text(), costCenter: try o.value("cost_center")?.text(),
                                    accountCode: try o.value("account_code")?.text(), reference1: try o.value("reference_1")?.text(),
                                    reference2: try o.value("reference_2")?.text())
            for userNode in try o.require("users", "the project's users, each with email").array() {
                let u = try userNode.object()
                let emailNode = try u.require("email", "the user's e-mail")
                guard let email = try emailNode.text()?.lowercased() else { throw emailNode.error("expected an e-mail, got an empty value") }
                if let first = firstSeen[email] {
                    throw emailNode.error("user \(FocusText.quote(email)) is in two projects (also at line \(first.origin.line), \(first.origin.path)): their usage must have one")
                }
                firstSeen[email] = emailNode
                users[email] = Project(owner: owner)
                u.ignore("role", "name")
                u.unknownKeys(into: &warnings)
            }
            o.ignore("description", "notes", "name")
            o.unknownKeys(into: &warnings)
        }
        j.ignore("description", "notes", "_comment")
        j.unknownKeys(into: &warnings)

        var rules: [SubsidyRule] = []
        if let subsidies {
            let s = try subsidies.object()
            for node in try s.value("subsidies")?.array() ?? [] {
                rules.append(try SubsidyRule(node, warnings: &warnings))
            }
            s.ignore("description", "notes", "_comment")
            s.unknownKeys(into: &warnings)
        }
        self.init(pools: pools, users: users, subsidies: rules)
    }
}
