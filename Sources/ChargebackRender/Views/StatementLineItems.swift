import ChargebackCore
import ChargebackMarkdown

/// One project's line items as the statement lists them (`statements.line_items`),
/// each made when asked for: in detail a project lists every charge, and its
/// rows need not all be in memory at once (`StatementRowValues`).
struct StatementLineItems: Sendable {
    private let lines: StatementLines
    /// In detail: which lines are charges (the line items; credits and refunds are listed apart).
    private let charges: [Int32]
    /// Otherwise: the charge groups.
    private let groups: [StatementLineGroup]?
    /// Line items (charges only).
    let count: Int
    /// Credits and refunds, as lines.
    let credits: [StatementLineGroup]
    /// Lines shown, credits included.
    let shown: Int

    init(_ project: StatementReport.Project, settings: StatementsConfig) {
        lines = project.lines
        if settings.lineItems == .detail, settings.lineItemsBySource.values.allSatisfy({ $0 == .detail }) {
            var charges: [Int32] = []
            charges.reserveCapacity(project.lines.count)
            var credits: [StatementLineGroup] = []
            for (index, line) in project.lines.enumerated() {
                if line.kind == .charge { charges.append(Int32(index)) } else { credits.append(StatementLineGroup(line)) }
            }
            self.charges = charges
            self.credits = credits
            groups = nil
            count = charges.count
            shown = project.lines.count
        } else {
            let all = StatementLineGroup.group(project.lines, by: settings)
            let charged = all.filter { $0.kind == .charge }
            charges = []
            credits = all.filter { $0.kind != .charge }
            groups = charged
            count = charged.count
            shown = all.count
        }
    }

    func item(_ index: Int) -> StatementLineGroup {
        groups?[index] ?? StatementLineGroup(lines[Int(charges[index])])
    }
}

/// Every project's line items of one statement, as the template's `lines`
/// rows (`StatementView.Row.fields`): the values a page made from
/// placeholders (`MarkdownDocument.parse(twoRows:…)`) fills its rows with.
struct StatementRowValues: MarkdownRowValues {
    let projects: [StatementLineItems]
    let amount: AmountText

    func count(list: Int) -> Int { projects[list].count }

    func fields(list: Int, row: Int) -> [String] {
        StatementView.Row(projects[list].item(row), amount: amount).fields
    }
}

extension StatementView.Row: TemplateRow {
    /// The names a template uses, in the order of `fields`.
    static let fieldNames = ["date", "firstDate", "lastDate", "count", "resource", "resourceId", "service", "description", "kind",
                             "list", "discount", "subsidy", "amount"]

    var fields: [String] {
        [date, firstDate, lastDate, count, resource, resourceId, service, description, kind, list, discount, subsidy, amount]
    }

    init(fields f: [String]) {
        self.init(date: f[0], firstDate: f[1], lastDate: f[2], count: f[3], resource: f[4], resourceId: f[5], service: f[6],
                  description: f[7], kind: f[8], list: f[9], discount: f[10], subsidy: f[11], amount: f[12])
    }

    init(_ group: StatementLineGroup, amount: AmountText) {
        self.init(date: group.firstDate == group.lastDate ? group.firstDate : group.firstDate + " – " + group.lastDate,
                  firstDate: group.firstDate, lastDate: group.lastDate, count: MoneyFormat.count(group.totals.rows),
                  resource: group.resourceName.isEmpty ? group.resourceId : group.resourceName,
                  resourceId: group.resourceId, service: group.service,
                  description: group.descriptionsDiffer ? "(various)" : group.description,
                  kind: group.kind == .charge ? "" : (group.kind == .credit ? "Credit" : "Refund"),
                  list: amount(group.totals.list), discount: amount(group.totals.discount),
                  subsidy: amount(group.totals.subsidy), amount: amount(group.totals.billed))
    }
}
