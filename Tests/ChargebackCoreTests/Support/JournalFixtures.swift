import Foundation
import Testing
@testable import ChargebackCore

/// Statements built by hand for the journal tests, a configuration to build
/// them with, the journal's invariants, and a small strict RFC 4180 reader.
enum JF {
    static let period = BillingPeriod("2026-10")!
    static let ada = "ada@uni.edu"
    static let bob = "bob@uni.edu"
    static let cyd = "cyd@uni.edu"
    static let f1 = "123456-1000"
    static let f2 = "222222-2000"
    static let f3 = "333333-3000"

    /// Defaults, with aws and hpc configured to credit their own fund/org and account.
    static func config(_ change: (inout AppConfig) throws -> Void = { _ in }) throws -> AppConfig {
        var c = try AppConfig.defaults(baseDirectory: NSTemporaryDirectory())
        c.imports.knownSources = [
            KnownSource(name: "aws", displayName: "Amazon", fundOrg: "100000-9100", accountCode: "74100"),
            KnownSource(name: "hpc", fundOrg: "100000-9300", accountCode: "74300"),
        ]
        try change(&c)
        return c
    }

    /// Nanos from decimal text, so amounts in the tests read as money.
    static func money(_ text: String) -> Money {
        guard let m = try? Money(parsing: text) else { fatalError("bad amount \(text)") }
        return m
    }

    static func line(_ billed: String, source: String = "aws", fundOrg: String = f1, account: String = "",
                     resourceId: String = "r-1", resourceName: String = "vm", description: String = "usage",
                     date: String = "2026-10-01", list: String? = nil) -> StatementReport.Line {
        let b = money(billed)
        let l = list.map(money) ?? b
        return StatementReport.Line(date: date, source: source, service: "Compute", resourceId: resourceId, resourceName: resourceName,
                                    description: description, fundOrg: fundOrg, accountCode: account, reviewStatus: "none",
                                    kind: b.isNegative ? .refund : .charge, list: l, contracted: b, billed: b)
    }

    static func project(_ id: String, pi: String, _ lines: [StatementReport.Line]) -> StatementReport.Project {
        var p = StatementReport.Project(projectId: id, statementId: StatementID.make(period: period, piEmail: pi, projectId: id),
                                        fundOrgs: Array(Set(lines.map(\.fundOrg).filter { !$0.isEmpty })).sorted(), references: [])
        for line in lines {
            p.lines.append(line)
            p.totals.add(ChargeTotals(line))
        }
        return p
    }

    static func statement(_ pi: String, _ projects: [StatementReport.Project]) -> StatementReport {
        var s = StatementReport(period: period, status: .open, piEmail: pi, projects: projects)
        for p in projects { s.totals.add(p.totals) }
        return s
    }

    /// One PI, one project.
    static func statement(_ pi: String, project id: String = "p1", _ lines: [StatementReport.Line]) -> StatementReport {
        statement(pi, [project(id, pi: pi, lines)])
    }

    static func build(_ statements: [StatementReport], config: AppConfig, allowUnparsed: Bool = false) -> JournalEntries {
        JournalBuilder(config: config, allowUnparsed: allowUnparsed).build(statements, period: period, status: .open)
    }

    static func debits(_ e: JournalEntries) -> [JournalLine] { e.lines.filter { $0.side == .debit } }
    static func credits(_ e: JournalEntries) -> [JournalLine] { e.lines.filter { $0.side == .credit } }

    /// What every journal must satisfy, whatever the statements:
    /// - the Debit and Credit columns add up to the same total;
    /// - each source's credit is the sum of its debit lines (absent when zero);
    /// - each statement (PI × project) is debited exactly its amount due,
    ///   rounded once from the exact total;
    /// - each fund/org is debited, net, what its statement parts owe;
    /// - no line posts zero; debits come first, sorted, then credits sorted by source.
    static func checkInvariants(_ e: JournalEntries, _ statements: [StatementReport],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(e.totalDebitCents == e.totalCreditCents, "unbalanced", sourceLocation: sourceLocation)
        #expect(!e.lines.contains { $0.cents == 0 }, "a zero line was posted", sourceLocation: sourceLocation)
        for line in e.lines {
            #expect(line.debitColumnCents >= 0 && line.creditColumnCents >= 0, sourceLocation: sourceLocation)
            #expect((line.debitColumnCents == 0) != (line.creditColumnCents == 0), "exactly one column per line", sourceLocation: sourceLocation)
        }
        let debitLines = debits(e)
        let creditLines = credits(e)
        #expect(e.lines.map(\.side) == debitLines.map(\.side) + creditLines.map(\.side), "debits before credits", sourceLocation: sourceLocation)
        let debitKeys = debitLines.map { [$0.fundOrg, $0.source, $0.account] }
        #expect(debitKeys == debitKeys.sorted { $0.lexicographicallyPrecedes($1) }, sourceLocation: sourceLocation)
        #expect(creditLines.map(\.source) == creditLines.map(\.source).sorted(), sourceLocation: sourceLocation)
        #expect(Set(creditLines.map(\.source)).count == creditLines.count, "one credit per source", sourceLocation: sourceLocation)

        let sources = Set(statements.flatMap { $0.projects.flatMap { $0.lines.map(\.source) } })
        for source in sources {
            let debited = debitLines.filter { $0.source == source }.reduce(Int64(0)) { $0 + $1.cents }
            let credited = creditLines.first { $0.source == source }?.cents ?? 0
            #expect(credited == debited, "source \(source): credit \(credited) ≠ debits \(debited)", sourceLocation: sourceLocation)
        }

        var due: Int64 = 0
        for s in statements {
            for p in s.projects {
                let rounded = p.totals.billed.roundedToCents()
                due += rounded
                let allocated = e.allocations.filter { $0.piEmail == s.piEmail && $0.projectId == p.projectId }.reduce(Int64(0)) { $0 + $1.cents }
                #expect(allocated == rounded, "\(s.piEmail) \(p.projectId): allocated \(allocated) ≠ \(rounded)", sourceLocation: sourceLocation)
            }
        }
        #expect(e.billedCents == due, sourceLocation: sourceLocation)

        var byFundOrg: [String: Int64] = [:]
        for a in e.allocations { byFundOrg[a.fundOrg, default: 0] += a.cents }
        let net = e.netDebitByFundOrg
        for fundOrg in Set(byFundOrg.keys).union(net.keys) {
            #expect(net[fundOrg, default: 0] == byFundOrg[fundOrg, default: 0], "fund/org \(fundOrg)", sourceLocation: sourceLocation)
        }
    }

    /// A strict RFC 4180 reader: CRLF records, quoted fields with doubled
    /// quotes. Nil when the text is not well-formed (stray quote, missing
    /// final CRLF, text after a closing quote).
    static func parseCSV(_ bytes: [UInt8]) -> [[String]]? {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        let chars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var i = 0
        var atFieldStart = true
        while i < chars.count {
            let c = chars[i]
            if atFieldStart && c == "\"" {
                // Quoted field: up to the lone closing quote.
                i += 1
                while true {
                    guard i < chars.count else { return nil }
                    if chars[i] == "\"" {
                        if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.unicodeScalars.append(chars[i])
                    i += 1
                }
                atFieldStart = false
                guard i < chars.count, chars[i] == "," || chars[i] == "\r" else { return nil }
                continue
            }
            switch c {
            case ",":
                record.append(field); field = ""; atFieldStart = true; i += 1
            case "\r":
                guard i + 1 < chars.count, chars[i + 1] == "\n" else { return nil }
                record.append(field); records.append(record)
                record = []; field = ""; atFieldStart = true; i += 2
            case "\"", "\n":
                return nil  // a quote or line feed in an unquoted field
            default:
                field.unicodeScalars.append(c); atFieldStart = false; i += 1
            }
        }
        // Every record ends with CRLF: nothing may be pending.
        guard record.isEmpty, field.isEmpty, atFieldStart else { return nil }
        return records
    }
}
