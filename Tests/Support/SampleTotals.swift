import ChargebackCore
import Foundation

/// What `sample_data/expected_totals.json` (computed independently by
/// `sample_data/expected_totals.py`) says the sample ledger's totals are.
package enum SampleTotals {
    package struct Missing: Error, CustomStringConvertible {
        package var description: String
    }

    package static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: SampleSite.root.appendingPathComponent("sample_data/expected_totals.json"))
        return try require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// "1393.90" (expected_totals.json cents) as a page shows it: "USD 1,393.90".
    package static func shown(_ cents: Any?) throws -> String {
        let text = try require((cents as? [String: Any])?["cents"] as? String)
        let money = try Money(parsing: text)
        return MoneyFormat.display(money, currency: "USD")
    }

    private static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw Missing(description: "expected_totals.json lacks a value the test reads") }
        return value
    }
}
