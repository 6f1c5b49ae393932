@testable import ChargebackCore
import Testing

/// `statements.line_items`: one project's hourly charges over several days,
/// grouped per charge, per resource and per resource and day. Counts, date
/// ranges and exact sums per line; the lines always add up to the project.
@Suite struct StatementLineGroupTests {
    static let days = ["2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"]
    static let resources = [("i-0a", "web-1"), ("i-0b", "a|b *c* <script>alert(1)</script> [x](javascript:y)"), ("vol-9", "")]

    /// 3 resources × 5 days × 24 hours, with amounts below a cent that a
    /// per-line rounding would lose, then two credits and a refund.
    static func lines() -> [StatementReport.Line] {
        var lines: [StatementReport.Line] = []
        for (d, day) in days.enumerated() {
            for hour in 0..<24 {
                for (r, resource) in resources.enumerated() {
                    let list = Money(nanos: 41_666_667 + Int64(r * 1_000_003 + hour * 7 + d))
                    lines.append(line(day, resource, service: r == 2 ? "EBS" : "EC2", list: list,
                                      billed: Money(nanos: list.nanos * 3 / 4), description: hour == 5 && r == 0 ? "spot" : "on demand",
                                      review: hour == 0 ? "approved" : "none"))
                }
            }
        }
        lines.append(line("2026-10-04", resources[0], service: "EC2", list: .zero, billed: Money(nanos: -1_250_000_001),
                          description: "promo", kind: .credit))
        lines.append(line("2026-10-06", resources[0], service: "EC2", list: .zero, billed: Money(nanos: -2_000_000_000),
                          description: "promo", kind: .credit))
        lines.append(line("2026-10-05", resources[0], service: "EC2", list: .zero, billed: Money(nanos: -10_000_000),
                          description: "correction", kind: .refund))
        return lines
    }

    static func line(_ day: String, _ resource: (String, String), service: String, list: Money, billed: Money, description: String,
                     review: String = "none", kind: StatementReport.LineKind = .charge) -> StatementReport.Line {
        StatementReport.Line(date: day, source: "aws", service: service, resourceId: resource.0, resourceName: resource.1,
                             description: description, fundOrg: "410233-1001", accountCode: "", reviewStatus: review, kind: kind,
                             list: list, contracted: Money(nanos: list.nanos - list.nanos / 10), billed: billed)
    }

    static func totals(_ lines: some Sequence<StatementReport.Line>) -> ChargeTotals {
        var t = ChargeTotals()
        for line in lines {
            t.rows += 1
            t.list.add(line.list)
            t.contracted.add(line.contracted)
            t.billed.add(line.billed)
        }
        return t
    }

    static func sum(_ groups: [StatementLineGroup]) -> ChargeTotals {
        groups.reduce(into: ChargeTotals()) { $0.add($1.totals) }
    }

    @Test func detailIsOneLinePerChargeAsImported() {
        let lines = Self.lines()
        let groups = StatementLineGroup.group(lines, by: StatementsConfig(lineItems: .detail))
        #expect(groups.count == lines.count)
        for (group, line) in zip(groups, lines) {
            #expect(group.totals == Self.totals([line]))
            #expect(group.firstDate == line.date && group.lastDate == line.date && group.description == line.description)
            #expect(group.resourceName == line.resourceName && group.kind == line.kind)
        }
        #expect(Self.sum(groups) == Self.totals(lines))
    }

    @Test func resourceIsOneLinePerResourceAndKindWithItsCountRangeAndExactSums() {
        let lines = Self.lines()
        let groups = StatementLineGroup.group(lines, by: StatementsConfig(lineItems: .resource))
        // 3 resources' charges, then the credits (one line), then the refund.
        #expect(groups.map(\.resourceId) == ["i-0a", "i-0b", "vol-9", "i-0a", "i-0a"])
        #expect(groups.map(\.kind) == [.charge, .charge, .charge, .credit, .refund])
        for group in groups {
            let mine = lines.filter { $0.resourceId == group.resourceId && $0.kind == group.kind }
            #expect(group.totals == Self.totals(mine), "exact sums of \(group.resourceId) \(group.kind)")
            #expect(group.totals.rows == mine.count)
            #expect(group.firstDate == mine.map(\.date).min() && group.lastDate == mine.map(\.date).max())
        }
        #expect(groups[0].totals.rows == 120 && groups[0].firstDate == "2026-10-03" && groups[0].lastDate == "2026-10-07")
        #expect(groups[3].totals.rows == 2 && groups[3].firstDate == "2026-10-04" && groups[3].lastDate == "2026-10-06")
        #expect(groups[3].totals.billed == MoneySum(nanos: -3_250_000_001))
        // Descriptions: shared, or marked as differing; a hostile name is kept as it is.
        #expect(groups[0].descriptionsDiffer && groups[0].description == "")
        #expect(!groups[1].descriptionsDiffer && groups[1].description == "on demand")
        #expect(groups[1].resourceName == Self.resources[1].1)
        #expect(Self.sum(groups) == Self.totals(lines), "the lines add up to the project, to the nano")
    }

    @Test func resourceDayIsOneLinePerResourceAndChargeDay() {
        let lines = Self.lines()
        let groups = StatementLineGroup.group(lines, by: StatementsConfig(lineItems: .resourceDay))
        let charges = groups.filter { $0.kind == .charge }
        #expect(charges.count == Self.resources.count * Self.days.count)
        #expect(charges.allSatisfy { $0.totals.rows == 24 && $0.firstDate == $0.lastDate })
        #expect(charges.map(\.firstDate) == Self.days.flatMap { Array(repeating: $0, count: Self.resources.count) }, "in the order of their first charge")
        for group in groups {
            let mine = lines.filter { $0.resourceId == group.resourceId && $0.kind == group.kind && $0.date == group.firstDate }
            #expect(group.totals == Self.totals(mine))
        }
        #expect(groups.filter { $0.kind == .credit }.count == 2, "credits on two days")
        #expect(Self.sum(groups) == Self.totals(lines))
    }

    /// A line's rounded amount is its exact sum rounded once, not a sum of rounded charges.
    @Test func aGroupedAmountIsRoundedOnce() {
        let lines = (0..<720).map { _ in Self.line("2026-10-03", ("i-1", "x"), service: "EC2", list: Money(nanos: 4_400_000),
                                                    billed: Money(nanos: 4_400_000), description: "hour") }
        let group = StatementLineGroup.group(lines, by: StatementsConfig(lineItems: .resource))
        #expect(group.count == 1 && group[0].totals.rows == 720)
        #expect(group[0].totals.billed.roundedToCents() == 317, "720 × 0.0044 = 3.168 → 3.17")
        #expect(lines.map { $0.billed.roundedToCents() }.reduce(0, +) == 0, "per charge each rounds to 0.00")
    }

    @Test func sourcesAndServicesNeverShareALine() {
        var lines = [Self.line("2026-10-03", ("r", "n"), service: "A", list: Money(cents: 100), billed: Money(cents: 100), description: "d"),
                     Self.line("2026-10-03", ("r", "n"), service: "B", list: Money(cents: 100), billed: Money(cents: 100), description: "d")]
        var other = lines[0]
        other.source = "azure"
        lines.append(other)
        #expect(StatementLineGroup.group(lines, by: StatementsConfig(lineItems: .resource)).count == 3)
        #expect(StatementLineGroup.group([], by: StatementsConfig(lineItems: .resource)).isEmpty)
    }

    /// `statements.line_items_by_source`: one source's charges listed otherwise, in the same order.
    @Test func aSourceCanBeListedOtherwise() {
        var lines = Self.lines()
        for i in lines.indices where lines[i].resourceId == "vol-9" { lines[i].source = "storage" }
        let settings = StatementsConfig(lineItems: .resource, lineItemsBySource: ["storage": .resourceDay, "hpc": .detail])
        #expect(settings.lineItems(source: "storage") == .resourceDay && settings.lineItems(source: "aws") == .resource)
        let groups = StatementLineGroup.group(lines, by: settings)
        #expect(groups.filter { $0.source == "aws" && $0.kind == .charge }.count == 2, "aws: one line per resource")
        let storage = groups.filter { $0.source == "storage" }
        #expect(storage.count == Self.days.count && storage.allSatisfy { $0.totals.rows == 24 && $0.firstDate == $0.lastDate })
        #expect(Self.sum(groups) == Self.totals(lines))
    }
}
