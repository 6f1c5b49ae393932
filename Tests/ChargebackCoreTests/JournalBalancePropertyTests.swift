import Foundation
import PropertyBased
import Testing
@testable import ChargebackCore

/// For random statements (several PIs, projects, fund/orgs, sources and
/// accounts; charges and refunds of up to nine decimals): every journal
/// balances to the cent, each source's credit is the sum of its debits, and
/// each fund/org is debited exactly the sum of its statements' amounts due.
@Suite struct JournalBalancePropertyTests {
    static func config() throws -> AppConfig {
        var config = try AppConfig.defaults(baseDirectory: "/tmp")
        config.imports.knownSources = ["aws", "hpc", "storage"].enumerated().map { i, name in
            KnownSource(name: name, fundOrg: "100000-910\(i)", accountCode: "7410\(i)")
        }
        config.journal.defaultAccount = "74000"
        return config
    }

    /// One charge from four random numbers: who, which fund/org, which source, how much.
    static func statements(_ draws: [Int64]) -> [StatementReport] {
        let p = BillingPeriod("2026-10")!
        var byPI: [String: [String: [StatementReport.Line]]] = [:]
        for (i, nanos) in draws.enumerated() {
            let pi = "pi\(nanos.magnitude % 3)@uni.edu"
            let project = "p\(nanos.magnitude / 3 % 2)"
            let source = ["aws", "hpc", "storage"][Int(nanos.magnitude / 7 % 3)]
            // A project usually has one fund/org, sometimes two; some charges carry their own account.
            let fundOrg = "4\(nanos.magnitude % 3)0000-\(project == "p1" && i % 5 == 0 ? "2" : "1")000"
            let line = StatementReport.Line(date: "2026-10-01", source: source, service: "s", resourceId: "r\(i)", resourceName: "",
                                            description: "", fundOrg: fundOrg, accountCode: i % 4 == 0 ? "75000" : "",
                                            reviewStatus: "none", kind: nanos < 0 ? .refund : .charge,
                                            list: Money(nanos: nanos), contracted: Money(nanos: nanos), billed: Money(nanos: nanos))
            byPI[pi, default: [:]][project, default: []].append(line)
        }
        return byPI.keys.sorted().map { pi in
            let projects = (byPI[pi] ?? [:]).keys.sorted().map { id in
                var project = StatementReport.Project(projectId: id, statementId: "S-\(id)", fundOrgs: [], references: [])
                project.lines = StatementLines(byPI[pi]?[id] ?? [])
                for line in project.lines { project.totals.add(ChargeTotals(line)) }
                return project
            }
            var report = StatementReport(period: p, status: .open, piEmail: pi, projects: projects)
            for project in projects { report.totals.add(project.totals) }
            return report
        }
    }

    @Test func everyJournalBalancesAndEqualsTheStatements() async {
        // Amounts from −50 to 500 units with all nine decimals: half cents are common.
        await propertyCheck(count: 200, input: Gen.int64(in: -50_000_000_000...500_000_000_000).array(of: 1...40)) { draws in
            let statements = Self.statements(draws)
            guard let config = try? Self.config() else { Issue.record("no default config"); return }
            let entries = JournalBuilder(config: config).build(statements, period: BillingPeriod("2026-10")!, status: .open)
            #expect(entries.problems.isEmpty)
            #expect(entries.totalDebitCents == entries.totalCreditCents)

            // Each source's credit is the sum of its debit lines.
            for credit in entries.lines where credit.side == .credit {
                let debits = entries.lines.filter { $0.side == .debit && $0.source == credit.source }.reduce(Int64(0)) { $0 + $1.cents }
                #expect(credit.cents == debits)
            }
            // Each statement's amount due is what the journal debits for it, summed per fund/org.
            var expected: [String: Int64] = [:]
            var expectedTotal: Int64 = 0
            for allocation in entries.allocations { expected[allocation.fundOrg, default: 0] += allocation.cents }
            for statement in statements {
                for project in statement.projects {
                    let due = project.totals.billed.roundedToCents()
                    expectedTotal += due
                    let shares = entries.allocations.filter { $0.piEmail == statement.piEmail && $0.projectId == project.projectId }
                    #expect(shares.reduce(0) { $0 + $1.cents } == due)
                }
            }
            let net = entries.netDebitByFundOrg
            for (fundOrg, cents) in expected where cents != 0 { #expect(net[fundOrg] == cents) }
            #expect(net.values.reduce(0, +) == expectedTotal)
        }
    }
}
