/// A statement's line items as shown (`statements.line_items`): one charge,
/// or the charges of one resource (and day), with their count, first and last
/// charge day and exact sums. A pure function of one project's lines, so the
/// totals, the journals and the CSV download (which read the lines) never
/// depend on it.
public struct StatementLineGroup: Sendable, Equatable {
    /// `YYYY-MM-DD` of the earliest and latest charge day; "" when no charge had a date.
    public var firstDate: String
    public var lastDate: String
    public var source: String
    public var service: String
    public var resourceId: String
    public var resourceName: String
    /// The charges' description when they all share it; otherwise "" (`descriptionsDiffer`).
    public var description: String
    public var descriptionsDiffer: Bool
    public var kind: StatementReport.LineKind
    /// `rows` is the number of charges; list, contracted and billed are their exact sums.
    public var totals: ChargeTotals

    /// Groups `lines` (in statement order) as `settings` says for each line's
    /// source; the groups come in the order of their first charge. Charges of different kinds (a credit,
    /// a refund, a charge) never share a line, nor do different services or
    /// sources. Review status is not a key: an approved charge is billed like
    /// one never flagged, and neither the page nor the PDF shows it.
    public static func group(_ lines: some Sequence<StatementReport.Line>, by settings: StatementsConfig) -> [StatementLineGroup] {
        var groups: [StatementLineGroup] = []
        var index: [Key: Int] = [:]
        for line in lines {
            let grouping = settings.lineItems(source: line.source)
            if grouping == .detail {
                groups.append(StatementLineGroup(line))
                continue
            }
            let key = Key(kind: line.kind, source: line.source, service: line.service, resourceId: line.resourceId,
                          resourceName: line.resourceName, day: grouping == .resourceDay ? line.date : "")
            if let i = index[key] {
                groups[i].add(line)
            } else {
                index[key] = groups.count
                groups.append(StatementLineGroup(line))
            }
        }
        return groups
    }

    private struct Key: Hashable {
        var kind: StatementReport.LineKind
        var source, service, resourceId, resourceName, day: String
    }

    public init(_ line: StatementReport.Line) {
        firstDate = line.date
        lastDate = line.date
        source = line.source
        service = line.service
        resourceId = line.resourceId
        resourceName = line.resourceName
        description = line.description
        descriptionsDiffer = false
        kind = line.kind
        totals = ChargeTotals()
        totals.rows = 1
        totals.list.add(line.list)
        totals.contracted.add(line.contracted)
        totals.billed.add(line.billed)
    }

    mutating func add(_ line: StatementReport.Line) {
        // ISO dates order as text; a charge without a date leaves the range as it is.
        if !line.date.isEmpty {
            if firstDate.isEmpty || line.date < firstDate { firstDate = line.date }
            if lastDate.isEmpty || line.date > lastDate { lastDate = line.date }
        }
        if !descriptionsDiffer, line.description != description {
            descriptionsDiffer = true
            description = ""
        }
        totals.rows += 1
        totals.list.add(line.list)
        totals.contracted.add(line.contracted)
        totals.billed.add(line.billed)
    }
}
