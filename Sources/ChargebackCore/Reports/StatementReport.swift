import Crypto
import GRDB

/// One PI's statement for one period (DESIGN.md, "Statement content"): the
/// charges on the statement (never flagged, or approved), one section per
/// project, exact money. The site, the PDFs and the journals all read it.
public struct StatementReport: Sendable {
    /// What a line is, for showing credits and refunds as such.
    public enum LineKind: String, Sendable {
        case charge, credit, refund
    }

    public struct Line: Sendable {
        /// `YYYY-MM-DD` of the charge period start; "" when the row had none.
        public var date: String
        public var source: String
        public var service: String
        public var resourceId: String
        public var resourceName: String
        public var description: String
        /// The fund/org debited for this charge; "" when the charge names none.
        public var fundOrg: String
        /// The charge's `account_code` tag; "" when it has none.
        public var accountCode: String
        /// `none` (never flagged), `approved`, or `pending` (only with `includeFlagged`).
        public var reviewStatus: String
        public var kind: LineKind
        public var list: Money
        public var contracted: Money
        public var billed: Money

        /// list − contracted, as `ChargeTotals.discount` for one line.
        public var discount: MoneySum { MoneySum([list]) - MoneySum([contracted]) }
        /// contracted − billed, as `ChargeTotals.subsidy` for one line.
        public var subsidy: MoneySum { MoneySum([contracted]) - MoneySum([billed]) }
    }

    public struct ServiceTotal: Sendable {
        public var service: String
        public var totals: ChargeTotals
    }

    public struct Project: Sendable {
        public var projectId: String
        /// The id printed on this project's statement (`StatementID`).
        public var statementId: String
        public var fundOrgs: [String]
        /// Grant or reference ids (the `reference_1`/`reference_2` tags), distinct, sorted.
        public var references: [String]
        public var totals = ChargeTotals()
        public var byService: [ServiceTotal] = []
        public var lines = StatementLines()
        /// SHA-256 (hex) of this project's rows: its PDF is made again only when they change.
        public var contentDigest: String = ""
    }

    public var period: BillingPeriod
    public var status: PeriodStatus
    /// The PI's e-mail as first written in the data (PIs are matched case-insensitively).
    public var piEmail: String
    public var projects: [Project]
    public var totals = ChargeTotals()
    /// SHA-256 (hex) of every value the statement was made from, in order:
    /// equal digests, equal statements. Lets the site and the PDFs skip
    /// statements that did not change, and e-mail tell a changed one.
    public var contentDigest: String = ""

    /// The statement of one of its projects only: a PDF statement is per PI,
    /// project and period, and is made from the same template as the page.
    public func only(_ project: Project) -> StatementReport {
        var one = StatementReport(period: period, status: status, piEmail: piEmail, projects: [project])
        one.totals = project.totals
        // The project's own rows (not the PI's): one project changing leaves the others' PDFs as they are.
        let parts = [piEmail, project.projectId, project.contentDigest, status.rawValue]
        one.contentDigest = FileDigest.hex(SHA256.hash(data: Array(parts.joined(separator: "\u{1F}").utf8)))
        return one
    }

    /// The placeholder project of charges that name none.
    public static let noProject = "(no project)"

    /// Credits (FOCUS ChargeCategory "Credit") and other negative amounts (refunds, corrections).
    static func kind(category: String?, billed: Money) -> LineKind {
        if category?.caseInsensitiveCompare("credit") == .orderedSame { return .credit }
        return billed.isNegative ? .refund : .charge
    }
}

/// Reads every statement of a period in one pass over its charges.
public struct StatementReports: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// Statements of `period`, sorted by PI (case-insensitively); projects and
    /// services sorted by name, lines by date then file order.
    /// `includeFlagged` adds the charges still awaiting review (for
    /// `export-journal --include-flagged`; statements never show them).
    /// `pis`: only these PIs' statements (e-mails in any case); nil for every PI.
    public func load(_ period: BillingPeriod, includeFlagged: Bool = false, pis: [String]? = nil) throws -> [StatementReport] {
        var all: [StatementReport] = []
        try forEachBatch(period, includeFlagged: includeFlagged, pis: pis, size: .max) { all += $0 }
        return all
    }

    /// How many statements (PIs) `load` would return, for a progress total.
    /// `pis`: only these PIs' (e-mails in any case); nil for every PI.
    public func count(_ period: BillingPeriod, includeFlagged: Bool = false, pis: [String]? = nil) throws -> Int {
        try store.read { db in
            let (filter, arguments) = Self.piFilter(period, pis)
            return try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT lower(c.pi_email)) FROM charges c
                WHERE c.period = ? AND \(ChargeQuery.onStatements("c", including: includeFlagged ? [.pending] : []))\(filter)
                """, arguments: arguments) ?? 0
        }
    }

    /// Those of `pis` (e-mails, any case) who have no statement in `period`, as given.
    public func withoutStatement(_ pis: [String], period: BillingPeriod) throws -> [String] {
        let (filter, arguments) = Self.piFilter(period, pis)
        let known = try store.read { db in
            try Set(String.fetchAll(db, sql: """
                SELECT DISTINCT lower(c.pi_email) FROM charges c
                WHERE c.period = ? AND \(ChargeQuery.onStatements("c"))\(filter)
                """, arguments: arguments))
        }
        return pis.filter { !known.contains($0.lowercased()) }
    }

    /// The same statements, `size` PIs at a time, read off one cursor: a
    /// caller that renders each batch and lets it go holds one batch in
    /// memory, not the period (`generate` does). `pis`: as in `count`.
    public func forEachBatch(_ period: BillingPeriod, includeFlagged: Bool = false, pis: [String]? = nil, size: Int,
                             _ body: ([StatementReport]) throws -> Void) throws {
        try store.read { db in
            guard let record = try PeriodRecord.fetchOne(db, key: period.description) else { throw LedgerError.unknownPeriod(period) }
            let (filter, arguments) = Self.piFilter(period, pis)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT lower(c.pi_email) AS pi_key, c.pi_email, c.project_id, c.fund_org, c.reference_1, c.reference_2,
                       c.charge_period_start, s.name AS source, c.service_name, c.resource_id, c.resource_name,
                       c.charge_description, c.charge_category, c.list_nanos, c.contracted_nanos, c.billed_nanos,
                       c.account_code, c.review_status
                FROM \(ChargeQuery.chargesWithSource)
                WHERE c.period = ? AND \(ChargeQuery.onStatements("c", including: includeFlagged ? [.pending] : []))\(filter)
                ORDER BY pi_key, c.project_id, c.charge_period_start, s.name, c.line, c.id
                """, arguments: arguments)
            var statements: [StatementReport] = []
            var builder: StatementBuilder?
            while let row = try rows.next() {
                let piKey: String = row[0]
                if builder?.piKey != piKey {
                    if let done = builder?.finish() { statements.append(done) }
                    if statements.count >= max(size, 1) {
                        try body(statements)
                        statements = []
                    }
                    builder = StatementBuilder(piKey: piKey, piEmail: row[StatementBuilder.Column.piEmail.rawValue],
                                               period: period, status: record.status)
                }
                builder?.add(row)
            }
            if let done = builder?.finish() { statements.append(done) }
            if !statements.isEmpty { try body(statements) }
        }
    }
}

extension StatementReports {
    /// The condition choosing `pis` (nil: every PI) on alias `c`, and the query's arguments: the period, then the PIs.
    static func piFilter(_ period: BillingPeriod, _ pis: [String]?) -> (sql: String, arguments: StatementArguments) {
        guard let pis else { return ("", [period.description]) }
        let keys = Array(Set(pis.map { $0.lowercased() })).sorted()
        // `IN ()` matches nothing, as an empty list should.
        let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        return (" AND lower(c.pi_email) IN (\(marks))", StatementArguments([period.description] + keys))
    }
}

/// Accumulates one PI's rows (they arrive sorted by project) into a statement.
private struct StatementBuilder {
    let piKey: String
    let piEmail: String
    let period: BillingPeriod
    let status: PeriodStatus
    var projects: [StatementReport.Project] = []
    var services: [String: ChargeTotals] = [:]
    var references = Set<String>()
    var hasher = SHA256()
    /// The current project's rows alone.
    var projectHasher = SHA256()
    /// Columns 1… of the query in `StatementReports.load`, by position:
    /// reading a row by column name costs a search per value.
    enum Column: Int, CaseIterable {
        case piEmail = 1, projectId, fundOrg, reference1, reference2, chargePeriodStart, source, serviceName,
             resourceId, resourceName, chargeDescription, chargeCategory, listNanos, contractedNanos, billedNanos,
             accountCode, reviewStatus
    }

    init(piKey: String, piEmail: String, period: BillingPeriod, status: PeriodStatus) {
        self.piKey = piKey
        self.piEmail = piEmail
        self.period = period
        self.status = status
    }

    mutating func add(_ row: Row) {
        var bytes: [UInt8] = []
        for column in Column.allCases {
            let value: DatabaseValue = row[column.rawValue]
            switch value.storage {
            case .null: bytes.append(0)
            case .int64(let n): bytes += Array(String(n).utf8) + [1]
            case .string(let text): bytes += Array(text.utf8) + [2]
            default: bytes += Array(value.description.utf8) + [3]
            }
        }
        hasher.update(data: bytes)
        let projectId: String = row[Column.projectId.rawValue] ?? StatementReport.noProject
        if projects.last?.projectId != projectId {
            closeProject()
            projectHasher = SHA256()
            projects.append(.init(projectId: projectId,
                                  statementId: StatementID.make(period: period, piEmail: piEmail, projectId: projectId),
                                  fundOrgs: [], references: []))
        }
        projectHasher.update(data: bytes)
        let list = Money(nanos: row[Column.listNanos.rawValue])
        let contracted = Money(nanos: row[Column.contractedNanos.rawValue])
        let billed = Money(nanos: row[Column.billedNanos.rawValue])
        let service = text(row, .serviceName)
        let start: String = row[Column.chargePeriodStart.rawValue] ?? ""
        let fundOrg = text(row, .fundOrg)
        let line = StatementReport.Line(
            date: String(start.prefix(10)), source: text(row, .source), service: service,
            resourceId: text(row, .resourceId), resourceName: text(row, .resourceName), description: text(row, .chargeDescription),
            fundOrg: fundOrg, accountCode: text(row, .accountCode), reviewStatus: text(row, .reviewStatus),
            kind: StatementReport.kind(category: row[Column.chargeCategory.rawValue], billed: billed),
            list: list, contracted: contracted, billed: billed)
        var t = ChargeTotals()
        t.rows = 1
        t.list.add(list)
        t.contracted.add(contracted)
        t.billed.add(billed)
        let index = projects.count - 1
        projects[index].lines.append(line)
        projects[index].totals.add(t)
        services[service, default: ChargeTotals()].add(t)
        if !fundOrg.isEmpty, !projects[index].fundOrgs.contains(fundOrg) { projects[index].fundOrgs.append(fundOrg) }
        for column in [Column.reference1, .reference2] {
            if let ref: String = row[column.rawValue], !ref.isEmpty { references.insert(ref) }
        }
    }

    /// Column `column`'s text ("" for NULL); `StatementLines` keeps one copy of each.
    private func text(_ row: Row, _ column: Column) -> String {
        row[column.rawValue] ?? ""
    }

    private mutating func closeProject() {
        guard !projects.isEmpty else { return }
        let index = projects.count - 1
        projects[index].lines.seal()
        projects[index].byService = services.keys.sorted().map { .init(service: $0, totals: services[$0] ?? ChargeTotals()) }
        projects[index].references = references.sorted()
        projects[index].fundOrgs.sort()
        projects[index].contentDigest = FileDigest.hex(projectHasher.finalize())
        services = [:]
        references = []
    }

    mutating func finish() -> StatementReport {
        closeProject()
        var report = StatementReport(period: period, status: status, piEmail: piEmail, projects: projects)
        for project in projects { report.totals.add(project.totals) }
        hasher.update(data: Array(status.rawValue.utf8))
        report.contentDigest = FileDigest.hex(hasher.finalize())
        return report
    }
}
