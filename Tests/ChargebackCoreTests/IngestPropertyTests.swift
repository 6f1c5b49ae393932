import Foundation
import PropertyBased
import Testing
@testable import ChargebackCore

/// For random files of random amounts (credits included, up to nine decimal
/// places, some rows flagged, some rows exact duplicates): the ledger holds
/// every row exactly once, its sums equal the exact sums of the input, and
/// reconcile balances; re-ingesting changes nothing.
@Suite struct IngestPropertyTests {
    @Test func sumsAreExactAndReconcile() async {
        await propertyCheck(count: 40, input: Gen.int64(in: -5_000_000_000_000...50_000_000_000_000).array(of: 1...60)) { amounts in
            do {
                let t = try TestLedger()
                var rows: [String] = []
                var total: Int128 = 0
                var billable: Int128 = 0
                for (i, nanos) in amounts.enumerated() {
                    let text = MoneyFormat.plain(Money(nanos: nanos))
                    let flagged = nanos.magnitude % 5 == 0
                    let tags = flagged ? #"{"pi_email":"ada@uni.edu","fund_org":"123456-1000"}"#
                        : #"{"pi_email":"pi\#(i % 3)@uni.edu","project_id":"p\#(i % 4)","fund_org":"123456-1000"}"#
                    let row = TestLedger.row(day: String(format: "%02d", 1 + i % 28), resource: "r-\(i % 5)",
                                             list: text, contracted: text, billed: text, tags: tags)
                    let copies = nanos.magnitude % 7 == 0 ? 2 : 1
                    for _ in 0..<copies {
                        rows.append(row)
                        total += Int128(nanos)
                        if !flagged { billable += Int128(nanos) }
                    }
                }
                let file = try t.file("aws_p.csv", rows)
                let report = try t.ingest([file])
                #expect(report.inserted == rows.count)
                let r = try Reconciler(store: t.store).reconcile(BillingPeriod("2026-10")!)
                #expect(r.balances)
                #expect(r.imported.rows == rows.count)
                #expect(r.accountedFor.billed.nanos == total)
                #expect(r.onStatements.billed.nanos == billable)
                let again = try t.ingest([file])
                #expect(again.unchanged == rows.count)
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
