import Foundation
import Testing
@testable import ChargebackCore

/// The compact row stores (`StatementLines`, `PendingCharges`) give back
/// exactly what was put in: every text, every NULL, every nano.
@Suite struct CompactRowsTests {
    static func line(_ i: Int, description: String = "hourly") -> StatementReport.Line {
        StatementReport.Line(date: "2026-10-\(String(format: "%02d", 1 + i % 31))", source: i % 2 == 0 ? "aws" : "hpc",
                             service: "Amazon Elastic Compute Cloud", resourceId: "arn:aws:ec2:us-east-1:1:instance/i-\(i % 3)",
                             resourceName: i % 5 == 0 ? "" : "vm-\(i % 3)", description: description, fundOrg: "123456-1000",
                             accountCode: i % 7 == 0 ? "75000" : "", reviewStatus: i % 4 == 0 ? "approved" : "none",
                             kind: i % 9 == 0 ? .credit : .charge, list: Money(nanos: Int64(i) * 1_000_000_007),
                             contracted: Money(nanos: Int64(-i) * 3), billed: Money(nanos: .max - Int64(i)))
    }

    static func fields(_ l: StatementReport.Line) -> [String] {
        [l.date, l.source, l.service, l.resourceId, l.resourceName, l.description, l.fundOrg, l.accountCode, l.reviewStatus,
         l.kind.rawValue, String(l.list.nanos), String(l.contracted.nanos), String(l.billed.nanos)]
    }

    @Test func linesReadBackAsTheyWereAdded() {
        let lines = (0..<1000).map { Self.line($0) }
        let stored = StatementLines(lines)
        #expect(stored.count == 1000)
        #expect(stored.map(Self.fields) == lines.map(Self.fields))
        #expect(Array(stored.reversed()).map(Self.fields) == lines.reversed().map(Self.fields))
    }

    @Test func appendingAfterSealingKeepsEarlierTextsAndAddsNewOnes() {
        var stored: StatementLines = [Self.line(1), Self.line(2)]
        stored.append(Self.line(3))  // texts seen before the seal
        stored.append(Self.line(4, description: "a text never seen, é 😀 \u{0}"))
        stored.seal()
        stored.append(Self.line(5))
        let expected = [Self.line(1), Self.line(2), Self.line(3), Self.line(4, description: "a text never seen, é 😀 \u{0}"), Self.line(5)]
        #expect(stored.map(Self.fields) == expected.map(Self.fields))
        #expect(StatementLines().isEmpty)
    }

    @Test func distinctTextsTellNullFromEmpty() {
        var texts = DistinctTexts()
        let empty = texts.index(of: "")
        let null = texts.index(of: nil as String?)
        let text = texts.index(of: "x")
        #expect(null == DistinctTexts.none && empty != null)
        #expect(texts[optional: empty] == "" && texts[optional: null] == nil && texts[text] == "x")
        #expect(texts.index(of: "x") == text, "a text is stored once")
        texts.seal()
        #expect(texts.index(of: "x") == text && texts.index(of: "y") == text + 1)
    }

    @Test func trimmingCapacityKeepsTheElements() {
        var a: [Int] = []
        a.reserveCapacity(4096)
        for i in 0..<1025 { a.append(i) }
        #expect(a.capacity >= 4096)
        a.trimCapacity()
        #expect(a == Array(0..<1025))
        #expect(a.capacity < 1025 + 1025 / 8)
    }

    @Test func pendingChargesAreTheReviewQueuesCharges() throws {
        let t = try TestLedger()
        let noProject = #"{"pi_email":"Ada@uni.edu","fund_org":"123456-1000"}"#
        _ = try t.ingest([try t.file("aws_r.csv", [
            TestLedger.row(resource: "a", billed: "1.25", tags: noProject),
            TestLedger.row(resource: "b", billed: "-2.500000001", tags: noProject),
            TestLedger.row(service: "AWS Marketplace", resource: "c", billed: "4.00"),
            TestLedger.row(resource: "d"),
        ])])
        let period = try #require(BillingPeriod("2026-10"))
        let queued = try ReviewQueue(store: t.store).pending(.init(period: period))
        let report = try PeriodReports(store: t.store).report(period)
        #expect(queued.count == 3)
        #expect(report.pending.map(\.id) == queued.map(\.id))
        for (compact, record) in zip(report.pending, queued) {
            #expect(compact == PendingCharge(id: record.id, sourceName: record.sourceName, line: record.line, piEmail: record.piEmail,
                                             projectId: record.projectId, fundOrg: record.fundOrg, resourceId: record.resourceId,
                                             resourceName: record.resourceName, serviceName: record.serviceName,
                                             billed: record.billed, flagReason: record.flagReason))
        }
        #expect(report.pending.contains { $0.projectId == nil }, "a NULL stays NULL")
        #expect(report.pending.contains { $0.billed.nanos == -2_500_000_001 })
    }
}
