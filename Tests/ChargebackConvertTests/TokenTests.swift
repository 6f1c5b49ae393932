import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

@Suite struct TokenTests {
    static func request(_ usage: String, period: String = "2026-01", subsidies: ConverterRules? = .file(Fixtures.path("tokens/subsidies.json")),
                        state: String?) -> TokensConvertRequest {
        TokensConvertRequest(period: BillingPeriod(period)!, usage: usage, pricing: .file(Fixtures.path("tokens/pricing.json")),
                             projects: .file(Fixtures.path("tokens/projects.json")), subsidies: subsidies, statePath: state)
    }

    static func rows(_ report: ConvertReport) throws -> [FocusRow] { try FocusReadBack.rows(report.path) }

    /// The legacy sample export through the legacy v2 script's rules: cost =
    /// credits × 1000/20000 rounded to the cent; the provost's cap covers it
    /// all, so each PI row is billed 0 and a subsidy row bills the provost.
    @Test func sameChargesAsTheLegacyScript() throws {
        let dir = try TempFolder()
        let report = try Self.request(Fixtures.path("tokens/usage-2026-01.csv"), state: dir.path + "/state.json")
            .run(into: target(dir, "openai_2026-01.csv", "2026-01"))
        let rows = try Self.rows(report)
        #expect(rows.count == 12)
        let usage = rows.filter { $0.tags["charge_type"] == "usage" }
        let subsidy = rows.filter { $0.tags["charge_type"] == "subsidy" }
        #expect(usage.map { $0.listCost! } == ["0.50", "10.88", "0.50", "0.22", "6.25", "0.36"].map { Money($0) })
        #expect(usage.allSatisfy { $0.billedCost == .zero && $0.contractedCost == $0.listCost })
        #expect(subsidy.map(\.billedCost) == usage.map { $0.listCost! })
        #expect(subsidy.allSatisfy { $0.tags["fund_org"] == "PROVOST-AI-2026" && $0.tags["subsidy_name"] == "provost_ai_initiative" })
        #expect(subsidy.allSatisfy { $0.tags["pi_email"] == "rae.hamm@northfield.example.edu" })
        #expect(usage[1].resourceId == "openai:codex:kb@northfield.example.edu:2026-01-07:usage")
        #expect(subsidy[1].resourceId == "openai:codex:kb@northfield.example.edu:2026-01-07:subsidy")
        #expect(usage[1].resourceName == "OpenAI codex (user: kb@northfield.example.edu)")
        #expect(usage[1].chargePeriodStart?.canonical == "2026-01-07")
        #expect(usage[1].chargePeriodEnd?.canonical == "2026-01-08")
        #expect(usage[0].tags["project_id"] == "ai-strategy")
        #expect(usage[0].tags["usage_user"] == "kb@northfield.example.edu")
        #expect(report.list.nanos == Int128(Money("37.42").nanos))  // 18.71 of usage + 18.71 billed to the provost
        #expect(report.billed.nanos == Int128(Money("18.71").nanos))
        // Without subsidies (the v1 script): list = billed = cost.
        let plain = try Self.request(Fixtures.path("tokens/usage-2026-01.csv"), subsidies: nil, state: nil)
            .run(into: target(dir, "plain.csv", "2026-01"))
        #expect(try Self.rows(plain).map { $0.billedCost } == ["0.50", "10.88", "0.50", "0.22", "6.25", "0.36"].map { Money($0) })
    }

    /// A cap over the fiscal year spans monthly runs; running a month again gives the same charges.
    @Test func capAcrossPeriodsAndReruns() throws {
        let dir = try TempFolder()
        let subsidies = try dir.write("subsidies.json", """
            {"subsidies": [{"name": "seed", "fund_org": "SEED-1", "type": "per_project_cap", "cap_amount": 20,
                            "period": "fiscal_year", "fiscal_year_start": "07-01", "applies_to_services": ["OpenAI"], "enabled": true}]}
            """)
        func month(_ m: Int, credits: [String]) throws -> String {
            var csv = "date_partition,email,usage_type,usage_credits\n"
            for (i, c) in credits.enumerated() { csv += "\(m)/\(i + 1)/2026,kb@northfield.example.edu,codex,\(c)\n" }
            return try dir.write("usage-\(m).csv", csv)
        }
        let state = dir.path + "/state/subsidy.json"
        func run(_ file: String, _ period: String) throws -> [FocusRow] {
            try Self.rows(Self.request(file, period: period, subsidies: .file(subsidies), state: state).run(into: target(dir, "o-\(period).csv", period)))
                .filter { $0.tags["charge_type"] == "usage" }
        }
        let jan = try month(1, credits: ["200", "100"])  // 10.00 + 5.00: all covered (15 of 20)
        let feb = try month(2, credits: ["200", "100"])  // 10.00: 5 covered, 5 billed; 5.00: billed
        let janRows = try run(jan, "2026-01")
        #expect(janRows.map(\.billedCost) == [.zero, .zero])
        let febRows = try run(feb, "2026-02")
        #expect(febRows.map(\.billedCost) == [Money("5.00"), Money("5.00")])
        // January again: the same charges (its own entry is replaced, not added to).
        #expect(try run(jan, "2026-01").map(\.billedCost) == [.zero, .zero])
        #expect(try run(feb, "2026-02").map(\.billedCost) == [Money("5.00"), Money("5.00")])
        let saved = try SubsidyState.read(state)
        #expect(saved.entries.map(\.period.description) == ["2026-01", "2026-02"])
        #expect(saved.entries.map(\.used) == [Exact(15), Exact(15)])
        #expect(saved.entries.allSatisfy { $0.window == "FY2026" && $0.scope == "ai-strategy" })
        // A cap over years needs a state file.
        #expect(throws: ConvertFailure.self) {
            _ = try Self.request(jan, subsidies: .file(subsidies), state: nil).run(into: target(dir, "x.csv", "2026-01"))
        }
    }

    @Test func tieredWeeklyAndPerUserSubsidies() throws {
        var warnings: [String] = []
        let tiered = try SubsidyRule(JSONDocument.parse("""
            {"name": "t", "type": "tiered", "tiers": [{"up_to": 200, "percent": 100}, {"up_to": 500, "percent": 50}, {"percent": 0}],
             "period": "week", "scope": "user"}
            """, file: "s.json"), warnings: &warnings)
        // SUBSIDY-OPTIONS.md: $150 used, then $200: the first $50 at 100%, the next $150 at 50% → 125.
        #expect(try tiered.covered(cost: Exact(200), before: Exact(150)) == Exact(125))
        #expect(try tiered.covered(cost: Exact(100), before: Exact(600)) == .zero)
        #expect(tiered.scopeKey(project: "p", user: "u@x", pi: "pi@x") == "u@x")
        // Weeks run Monday to Sunday; fiscal years are named by the year they end in.
        #expect(tiered.window.name(of: CivilDay(year: 2026, month: 2, day: 1)!) == "W2026-01-26")
        #expect(SubsidyRule.Window.fiscalYear(month: 7, day: 1).name(of: CivilDay(year: 2026, month: 6, day: 30)!) == "FY2026")
        #expect(SubsidyRule.Window.fiscalYear(month: 7, day: 1).name(of: CivilDay(year: 2026, month: 7, day: 1)!) == "FY2027")
        #expect(throws: InputError.self) {
            _ = try SubsidyRule(JSONDocument.parse("{\"name\": \"x\", \"type\": \"per_everything\"}", file: "s.json"), warnings: &warnings)
        }
        #expect(throws: InputError.self) {
            _ = try SubsidyRule(JSONDocument.parse("{\"name\": \"x\", \"cap_amount\": 5, \"period\": \"decade\"}", file: "s.json"), warnings: &warnings)
        }
    }

    @Test func unknownUsersOtherMonthsAndBadRows() throws {
        let dir = try TempFolder()
        let usage = try dir.write("u.csv", """
            date_partition,email,usage_type,usage_credits
            1/3/2026,KB@Northfield.example.edu,codex,20
            1/4/2026,stranger@elsewhere.example.edu,codex,20
            2/1/2026,kb@northfield.example.edu,codex,20
            """)
        let report = try Self.request(usage, subsidies: nil, state: nil).run(into: target(dir, "o.csv", "2026-01"))
        let rows = try Self.rows(report)
        #expect(rows.count == 2)
        #expect(rows[0].tags["project_id"] == "ai-strategy")  // e-mails match whatever their case
        #expect(rows[1].tags["pi_email"] == nil && rows[1].tags["project_id"] == nil)
        #expect(rows[1].tags["usage_user"] == "stranger@elsewhere.example.edu")
        #expect(report.notes.warnings.contains { $0.contains("\"stranger@elsewhere.example.edu\" is in no project") })
        #expect(report.notes.notes.contains { $0.contains("1 row of other months, not used (2026-02 1)") })
        let bad = try dir.write("bad.csv", "date_partition,email,usage_type,usage_credits\n13/1/2026,a@x,codex,1\n1/2/2026,,codex,1\n1/2/2026,a@x,codex,-3\n")
        do {
            _ = try Self.request(bad, subsidies: nil, state: nil).run(into: target(dir, "b.csv", "2026-01"))
            Issue.record("accepted bad rows")
        } catch {
            #expect(error.errors.map(\.column) == ["date_partition", "email", "usage_credits"])
            #expect(error.errors.map(\.line) == [2, 3, 4])
        }
        let noHeader = try dir.write("h.csv", "day,who,what\n")
        #expect(throws: ConvertFailure.self) { _ = try Self.request(noHeader, subsidies: nil, state: nil).run(into: target(dir, "h.csv", "2026-01")) }
    }

    @Test func creditPoolsByEffectiveDateAndDuplicateUsers() throws {
        var warnings: [String] = []
        let rules = try TokenRules(pricing: JSONDocument.parse("""
            {"credit_pools": [{"pool_id": "b", "effective_date": "2026-03-01", "credits_purchased": 1000, "purchase_amount": 100},
                              {"pool_id": "a", "effective_date": "2026-01-01", "credits_purchased": 20000, "purchase_amount": 1000}]}
            """, file: "p.json"), projects: JSONDocument.parse("{\"projects\": []}", file: "j.json"), subsidies: nil, warnings: &warnings)
        #expect(rules.pool(on: CivilDay(year: 2026, month: 2, day: 28)!)?.id == "a")
        #expect(rules.pool(on: CivilDay(year: 2026, month: 3, day: 1)!)?.unitCost == (try Exact(decimal: "0.1")))
        #expect(rules.pool(on: CivilDay(year: 2025, month: 12, day: 31)!) == nil)
        do {
            _ = try TokenRules(pricing: JSONDocument.read(file: Fixtures.path("tokens/pricing.json")), projects: JSONDocument.parse("""
                {"projects": [{"project_id": "a", "users": [{"email": "x@y"}]},
                              {"project_id": "b", "users": [{"email": "X@y"}]}]}
                """, file: "projects.json"), subsidies: nil, warnings: &warnings)
            Issue.record("a user in two projects")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == "projects[1].users[0].email")
        }
    }
}
