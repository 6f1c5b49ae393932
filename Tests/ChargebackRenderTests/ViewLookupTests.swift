@testable import ChargebackRender
import ChargebackCore
import Mustache
import Testing

/// The hand-written field lookups answer exactly what Mirror sees.
@Suite struct ViewLookupTests {
    static func check(_ value: some MustacheParent) {
        let mirror = Mirror(reflecting: value)
        #expect(mirror.children.count > 1)
        for child in mirror.children {
            guard let label = child.label else { continue }
            let found = value.child(named: label)
            let expected = String(describing: child.value)
            if expected == "nil" {
                // An absent optional answers nil (falsy in a section), as with Mirror.
                #expect(found == nil, "\(type(of: value)).\(label)")
                continue
            }
            #expect(found != nil, "\(type(of: value)).\(label) is not answered")
            #expect(String(describing: found ?? "missing") == expected, "\(type(of: value)).\(label)")
        }
        #expect(value.child(named: "noSuchField") == nil)
    }

    static let totals = TotalsView(rows: "1", list: "L", discount: "D", subsidy: "S", amount: "A", discountPercent: "1%", subsidyPercent: "2%")

    @Test func everyFieldIsAnswered() {
        Self.check(Self.totals)
        let row = StatementView.Row(date: "d", firstDate: "f", lastDate: "l", count: "c", resource: "r", resourceId: "i", service: "s", description: "x", kind: "k",
                                    list: "l", discount: "di", subsidy: "su", amount: "a")
        Self.check(row)
        Self.check(StatementView.ServiceRow(service: "s", totals: Self.totals))
        Self.check(StatementView.Project(projectId: "p", anchor: "a", statementId: "s", fundOrg: "f", references: "r", hasReferences: true,
                                         totals: Self.totals, explanation: "e", services: [], lines: [row], lineCount: "1", groupCount: "1", lineSummary: "ls", credits: [],
                                         hasCredits: false))
        Self.check(StatementView(organization: "o", period: "p", status: "s", statusLabel: "l", pi: "pi", totals: Self.totals,
                                 explanation: "e", projectCount: "1", projects: [], multipleProjects: false, grouped: true, lineItems: "li", historyHref: "h",
                                 downloads: [], contactEmail: "c", hasContact: true, logo: "../logo.svg", hasLogo: true))
        Self.check(LayoutView(lang: "en", title: "t", heading: "h", siteTitle: "s", root: "../", kind: "k", breadcrumbs: [],
                              banner: nil, content: "c", contactEmail: "e", footer: "f", logo: "assets/logo.png"))
        Self.check(PIHistoryView.PeriodRow(period: "p", href: "h", status: "s", statusLabel: "l", projects: "1", totals: Self.totals))
        Self.check(PIHistoryView.ProjectRow(period: "p", project: "x", amount: "a"))
        Self.check(PeriodView.PIProjectRow(pi: "p", href: "h", project: "x", fundOrg: "f", totals: Self.totals))
        Self.check(PeriodView.Slice(name: "n", totals: Self.totals))
        Self.check(DashboardView.PIRow(pi: "p", href: "h", periods: "2", latestPeriod: "l", latestAmount: "a"))
        Self.check(ReviewView.Charge(id: "1", source: "s", line: "2", pi: "p", project: "x", fundOrg: "f", resource: "r", service: "v",
                                     amount: "a", reason: "why", approveCommand: "ok", rejectCommand: "no"))
    }
}

/// The discount and subsidy in one plain sentence, whichever of them apply.
@Suite struct ExplanationTests {
    static func totals(list: String, contracted: String, billed: String) throws -> ChargeTotals {
        var t = ChargeTotals()
        t.rows = 1
        t.list.add(try Money(parsing: list))
        t.contracted.add(try Money(parsing: contracted))
        t.billed.add(try Money(parsing: billed))
        return t
    }

    @Test func eachCaseReadsAsOneSentence() throws {
        let amount = AmountText(currency: "USD")
        #expect(amount.explanation(try Self.totals(list: "1623.52", contracted: "1518.12", billed: "1393.90"))
                == "List price USD 1,623.52, less your negotiated discount of USD 105.40 (6.5%) and a subsidy of USD 124.22, leaves USD 1,393.90 to pay.")
        #expect(amount.explanation(try Self.totals(list: "100", contracted: "90", billed: "90"))
                == "List price USD 100.00, less your negotiated discount of USD 10.00 (10.0%), leaves USD 90.00 to pay.")
        #expect(amount.explanation(try Self.totals(list: "328.45", contracted: "328.45", billed: "204.22"))
                == "List price USD 328.45, less a subsidy of USD 124.23, leaves USD 204.22 to pay.")
        #expect(amount.explanation(try Self.totals(list: "17.88", contracted: "17.88", billed: "17.88"))
                == "No discount or subsidy applies: the amount due is the list price, USD 17.88.")
        #expect(amount.explanation(try Self.totals(list: "-45", contracted: "-45", billed: "-45"))
                == "No discount or subsidy applies: the amount due is the list price, USD -45.00.")
        #expect(amount.explanation(try Self.totals(list: "10", contracted: "12", billed: "-3"))
                == "List price USD 10.00, less a subsidy of USD 15.00, plus USD 2.00 above the list price, leaves a credit of USD 3.00.")
    }
}
