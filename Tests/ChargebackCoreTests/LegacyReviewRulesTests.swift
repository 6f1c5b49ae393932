import Foundation
import GRDB
import Testing
@testable import ChargebackCore

/// Review rules flag what the legacy tool flagged, for configs of both tools:
/// flag patterns are a case-insensitive search in the service name, resource id
/// and resource name, the first pattern in config order winning; fund/org
/// patterns a case-insensitive match anchored at the start (not at the end).
/// Each case here is one where the old case-sensitive search flagged differently.
@Suite struct LegacyReviewRulesTests {
    private func reasons(flag: String, fundOrg: String = "[]", _ rows: [String]) throws -> [String] {
        let t = try TestLedger(configYAML: """
            currency: USD
            database:
              path: ./ledger.sqlite
            review:
              flag_patterns: \(flag)
              fund_org_patterns: \(fundOrg)
            imports:
              known_sources:
                - name: aws
            """)
        _ = try t.ingest([try t.file("aws_r.csv", rows)])
        return try t.store.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(flag_reason, '-') FROM charges ORDER BY line") }
    }

    private func tags(_ fundOrg: String) -> String {
        #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"\#(fundOrg)"}"#
    }

    @Test func flagPatternsIgnoreCase() throws {
        let r = try reasons(flag: "['GPU']", [
            TestLedger.row(service: "Amazon EC2 gpu-burst", resource: "a"),
            TestLedger.row(service: "Compute", resource: "i-Gpu-7"),
            TestLedger.row(service: "Compute", resource: "b", name: "train-GPU"),
            TestLedger.row(service: "Compute", resource: "c"),
        ])
        #expect(r == ["pattern_match:GPU", "pattern_match:GPU", "pattern_match:GPU", "-"])
    }

    @Test func onlyTheThreeFieldsTheLegacyToolSearchedAreSearched() throws {
        // The description and tags say GPU too; neither was ever searched.
        let r = try reasons(flag: "['gpu']", [
            TestLedger.row(service: "Compute", resource: "a", name: "vm", description: "GPU hours", tags: #"{"pi_email":"ada@uni.edu","project_id":"gpu","fund_org":"GPU-1"}"#),
        ])
        #expect(r == ["-"])
    }

    @Test func theFirstPatternInConfigOrderWinsWhicheverFieldMatched() throws {
        // The service matches the second pattern, the resource name the first:
        // the legacy tool tried each pattern on every field before the next pattern.
        let r = try reasons(flag: "['marketplace', 'gpu']", [
            TestLedger.row(service: "GPU Compute", resource: "a", name: "Marketplace AMI"),
            TestLedger.row(service: "Marketplace", resource: "b", name: "gpu-node"),
        ])
        #expect(r == ["pattern_match:marketplace", "pattern_match:marketplace"])
    }

    @Test func anEmptyFieldIsNeverSearched() throws {
        // ^$ matches an empty string; the legacy tool skipped empty fields.
        let r = try reasons(flag: "['^$']", [TestLedger.row(service: "Compute", resource: "", name: "")])
        #expect(r == ["-"])
    }

    @Test func fundOrgPatternsIgnoreCaseAndAreAnchoredAtTheStartOnly() throws {
        let r = try reasons(flag: "[]", fundOrg: "['dept-\\d+']", [
            TestLedger.row(resource: "a", tags: tags("DEPT-42")),        // case: valid
            TestLedger.row(resource: "b", tags: tags("XDEPT-42")),       // matches in the middle only: invalid
            TestLedger.row(resource: "c", tags: tags("DEPT-42-2024")),   // the end is free (re.match): valid
            TestLedger.row(resource: "d", tags: tags("ORG-1")),
        ])
        #expect(r == ["-", "invalid_fund_org", "-", "invalid_fund_org"])
    }

    @Test func theRulesHoldForPatternsBuiltInCode() throws {
        let review = ReviewConfig(flagPatterns: [try ConfigRegex("gpu")], fundOrgPatterns: [try ConfigRegex("dept")])
        #expect(flagged(review, "x", nil, "A100 GPU") == "gpu")
        #expect(review.isValidFundOrg("DEPT-1") && !review.isValidFundOrg("my-dept"))
        #expect(review.flagPatterns[0].options == ReviewConfig.flagPatternOptions)
    }
}
