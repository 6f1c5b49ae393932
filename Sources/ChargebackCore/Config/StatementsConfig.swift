/// `statements:` — how a statement lists its line items (the page and the PDF;
/// the CSV download always lists every charge).
public struct StatementsConfig: Sendable, Equatable, ConfigSection {
    /// One line per charge, per resource, or per resource and charge day. Default: `resource`.
    public var lineItems: LineItemGrouping
    /// Another grouping for the charges of some sources, by the source's name in the ledger (`sources list`).
    public var lineItemsBySource: [String: LineItemGrouping]

    public init(lineItems: LineItemGrouping = .resource, lineItemsBySource: [String: LineItemGrouping] = [:]) {
        self.lineItems = lineItems
        self.lineItemsBySource = lineItemsBySource
    }

    /// How the charges of `source` are listed.
    public func lineItems(source: String) -> LineItemGrouping {
        lineItemsBySource[source] ?? lineItems
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("line_items") { lineItems = try v.oneOf(LineItemGrouping.self) }
        if let v = m.value("line_items_by_source") {
            for (source, value) in try v.mapping().allEntries() {
                lineItemsBySource[source] = try value.oneOf(LineItemGrouping.self)
            }
        }
    }
}

/// How a statement's line items are grouped (`statements.line_items`).
/// `resource` is the default: a PI and a grant auditor see one line per thing
/// used (an instance, a bucket, an allocation) with its charge count and date
/// range, and an hourly resource no longer fills pages; every charge stays in
/// the CSV download.
public enum LineItemGrouping: String, Sendable, Equatable, CaseIterable {
    /// One line per charge (the ledger's rows, as imported).
    case detail
    /// One line per resource (source, service, resource id and name, and kind).
    case resource
    /// One line per resource and charge day.
    case resourceDay = "resource_day"
}
