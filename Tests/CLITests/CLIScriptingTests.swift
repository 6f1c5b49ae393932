import Foundation
import Testing

/// `--format csv|json` on the listing commands, read back as a script would,
/// against the sample data's documented totals (sample_data/expected_totals.json);
/// and `review test` against what ingest really flags.
@Suite struct CLIScriptingTests {
    /// The 2026-10 sample ingested, as `make demo` does.
    static func sampleLedger() throws -> CLI {
        let cli = try CLI()
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }
        let ingest = try cli.run(["ingest"] + files + ["-p", "2026-10"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return cli
    }

    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("expected_totals.json")))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(all["2026-10"] as? [String: Any])
    }

    static func exact(_ object: Any?, _ key: String) -> String? {
        ((object as? [String: Any])?[key] as? [String: Any])?["exact"] as? String
    }

    @Test func summaryAsJSONAndCSVHasTheExactTotals() throws {
        let cli = try Self.sampleLedger()
        let expected = try Self.expected()
        let grand = expected["grand"]
        let json = try cli.json(["summary", "-p", "2026-10"])
        #expect(json["currency"] as? String == "USD")
        let rows = try #require(json["rows"] as? [[String: Any]])
        func row(_ group: String, _ name: String) -> [String: Any]? {
            rows.first { $0["group"] as? String == group && $0["name"] as? String == name }
        }
        #expect(row("status", "on_statements")?["billed"] as? String == Self.exact(grand, "billed_statement_rows"))
        #expect(row("status", "awaiting_review")?["billed"] as? String == Self.exact(grand, "billed_awaiting_review"))
        #expect(row("status", "on_statements")?["charges"] as? Int == (grand as? [String: Any])?["statement_rows"] as? Int)
        for source in expected["by_source"] as? [[String: Any]] ?? [] {
            let name = source["source"] as? String ?? ""
            for field in ["list", "contracted", "billed", "discount", "subsidy"] {
                #expect(row("source", name)?[field] as? String == Self.exact(source, field), "\(name) \(field)")
            }
        }
        for pi in expected["by_pi"] as? [[String: Any]] ?? [] {
            let email = pi["pi_email"] as? String ?? ""
            #expect(row("pi", email)?["billed"] as? String == Self.exact(pi, "billed"), "\(email)")
            #expect(row("pi", email)?["charges"] as? Int == pi["rows"] as? Int)
        }
        // CSV: the same rows, the same exact text.
        let csv = Scripting.records(try cli.csv(["summary", "-p", "2026-10"]))
        #expect(csv.count == rows.count)
        for (c, j) in zip(csv, rows) {
            #expect(c["name"] == j["name"] as? String && c["billed"] == j["billed"] as? String && c["discount"] == j["discount"] as? String)
        }
        // The table is still the default, on a terminal or not.
        #expect(try cli.run(["summary", "-p", "2026-10"]).stdout.contains("== 2026-10 (open) =="))
    }

    @Test func showAsJSONAndCSVKeepsHostileValuesLiteralAndFormulaSafe() throws {
        let cli = try Self.sampleLedger()
        let expected = try Self.expected()
        let project = try #require((expected["by_pi_project"] as? [[String: Any]])?.first {
            $0["pi_email"] as? String == "amara.okafor@northfield.example.edu" && $0["project_id"] as? String == "genomics-pipeline"
        })
        let json = try cli.json(["show", "amara.okafor@northfield.example.edu", "-p", "2026-10"])
        let projects = try #require(json["projects"] as? [[String: Any]])
        let genomics = try #require(projects.first { $0["project_id"] as? String == "genomics-pipeline" })
        #expect(Self.exact(genomics, "on_statement") == nil)  // an object of totals, not a money pair
        let onStatement = try #require(genomics["on_statement"] as? [String: Any])
        #expect(onStatement["billed"] as? String == Self.exact(project, "billed"))
        #expect(onStatement["subsidy"] as? String == Self.exact(project, "subsidy"))
        #expect(onStatement["charges"] as? Int == project["rows"] as? Int)

        // David Mensah's cost center is "=SUM(A1)"; Zoë Lefèvre's bucket "results|draft *v2* <b>".
        let david = Scripting.records(try cli.csv(["show", "david.mensah@northfield.example.edu", "-p", "2026-10"]))
        #expect(david.contains { $0["cost_center"] == "'=SUM(A1)" })
        let davidJSON = try cli.json(["show", "david.mensah@northfield.example.edu", "-p", "2026-10"])
        #expect((davidJSON["charges"] as? [[String: Any]])?.contains { $0["cost_center"] as? String == "=SUM(A1)" } == true)
        let zoe = try cli.json(["show", "zoe.lefevre@northfield.example.edu", "-p", "2026-10"])
        let charges = try #require(zoe["charges"] as? [[String: Any]])
        #expect(charges.contains { $0["resource_name"] as? String == "results|draft *v2* <b>" })
        #expect(charges.contains { $0["project_id"] as? String == "Ωmega-lab" })
        let missing = try cli.run(["show", "nobody@northfield.example.edu", "-p", "2026-10", "--format", "json"])
        #expect(missing.status == 1 && missing.stdout.isEmpty)
    }

    @Test func reconcileReviewListPeriodsAndSourcesForScripts() throws {
        let cli = try Self.sampleLedger()
        let grand = try Self.expected()["grand"]
        let reconcile = try cli.json(["reconcile", "-p", "2026-10"])
        #expect(reconcile["balances"] as? Bool == true)
        let lines = try #require(reconcile["lines"] as? [[String: Any]])
        #expect(lines.map { $0["line"] as? String ?? "" } == ["imported", "on_statements", "awaiting_review", "rejected", "accounted_for"])
        #expect(lines[0]["billed"] as? String == Self.exact(grand, "billed_all_rows"))
        #expect(lines[0]["billed"] as? String == lines[4]["billed"] as? String)
        #expect(Scripting.records(try cli.csv(["reconcile", "-p", "2026-10"])).map { $0["billed"] ?? "" }
                == lines.map { $0["billed"] as? String ?? "" })

        let review = try cli.json(["review", "list", "-p", "2026-10"])
        #expect(review["count"] as? Int == 4)
        #expect(review["billed"] as? String == Self.exact(grand, "billed_awaiting_review"))
        let pending = try #require(review["charges"] as? [[String: Any]])
        #expect(Set(pending.compactMap { $0["flag_reason"] as? String })
                == ["pattern_match:(?i)marketplace", "pattern_match:(?i)gpu-burst", "currency_mismatch", "invalid_fund_org"])
        let reviewCSV = try cli.csv(["review", "list", "-p", "2026-10"])
        #expect(reviewCSV.first?.prefix(4) == ["id", "period", "source", "line"])
        #expect(reviewCSV.count == 5)
        let empty = try cli.json(["review", "list", "-p", "2026-09"])
        #expect(empty["count"] as? Int == 0 && (empty["charges"] as? [Any])?.isEmpty == true)

        let periods = try cli.json(["periods", "list"])
        let october = try #require((periods["periods"] as? [[String: Any]])?.first)
        #expect(october["period"] as? String == "2026-10" && october["status"] as? String == "open")
        #expect(october["billed"] as? String == Self.exact(grand, "billed_statement_rows"))
        #expect(october["opened_by"] as? String == "cli-tester" && october["closed_at"] is NSNull)

        #expect(try cli.run(["sources", "add", "gcp", "-d", "Google Cloud"]).status == 0)
        let sources = try #require(try cli.json(["sources", "list"])["sources"] as? [[String: Any]])
        // The sample config's sources (it grows as converters are added) and the one added here, by name.
        let names = sources.map { $0["name"] as? String ?? "" }
        #expect(names == names.sorted() && Set(names).isSuperset(of: ["aws", "azure", "gcp", "hpc", "storage"]))
        #expect(sources.filter { $0["in_config"] as? Bool == false }.map { $0["name"] as? String } == ["gcp"])
        let gcp = try #require(sources.first { $0["name"] as? String == "gcp" })
        #expect(gcp["in_ledger"] as? Bool == true && gcp["in_config"] as? Bool == false && gcp["display_name"] as? String == "Google Cloud")
        let aws = try #require(Scripting.records(try cli.csv(["sources", "list"])).first { $0["name"] == "aws" })
        #expect(aws["in_config"] == "true" && aws["pattern"] == "^aws[_-].*\\.csv$")
    }

    // MARK: - review test

    static let header = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags"

    /// Lines 2–9 (see FlagPatternTestTests for what each is for).
    static let rows: [String] = [
        ("gpu-burst compute", "r-2", "vm", "usage", "410233-1001"),
        ("Compute", "slurm:cluster/partition/Gpu-Burst/2", "vm", "usage", "410233-1001"),
        ("Compute", "r-4", "node (GPU-BURST)", "usage", "ab-1234"),
        ("Compute", "r-5", "gpuburst", "usage", "AB-9"),
        ("Compute", "r-6", "vm", "gpu-burst hours", "x41-0001"),
        ("Compute", "r-7", "vm", "usage", "990000-0001"),
        ("Compute", "r-8", "gpu-burst", "usage", "99"),
        ("Compute", "r-9", "vm", "usage", ""),
    ].map { service, resource, name, description, fundOrg in
        let fund = fundOrg.isEmpty ? "" : ",\"fund_org\":\"\(fundOrg)\""
        let tags = "{\"pi_email\":\"ada@uni.edu\",\"project_id\":\"p1\"\(fund)}"
        let cell = "\"" + tags.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return "2026-10-01,2026-11-01,2026-10-01,2026-11-01,USD,\(service),Usage,\(description),\(resource),\(name),,10.00,8.50,8.50,8.50,\(cell)"
    }

    /// A ledger with the rows above ingested under `review` settings.
    static func patternLedger(_ review: String) throws -> CLI {
        let cli = try CLI(configYAML: "currency: USD\ndatabase:\n  path: ./ledger.sqlite\n\(review)\nimports:\n  known_sources:\n    - name: aws\n")
        let file = try cli.write("aws_t.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let ingest = try cli.run(["ingest", file, "-s", "aws"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return cli
    }

    static func lines(_ json: [String: Any]) -> Set<Int> {
        Set((json["charges"] as? [[String: Any]] ?? []).compactMap { $0["line"] as? Int })
    }

    @Test func reviewTestFlagsWhatIngestFlags() throws {
        let without = try Self.patternLedger("")
        let with = try Self.patternLedger("review:\n  flag_patterns: ['GPU-BURST']")
        let withFundOrg = try Self.patternLedger("review:\n  fund_org_patterns: ['41', 'AB']")

        let tested = try without.json(["review", "test", "GPU-BURST"])
        #expect(tested["matched"] as? Int == 4 && tested["examined"] as? Int == 8 && tested["billed"] as? String == "34.00")
        #expect(tested["rule"] as? String == "flag" && tested["patterns"] as? [String] == ["GPU-BURST"])
        #expect((tested["charges"] as? [[String: Any]])?.allSatisfy { $0["would_flag_as"] as? String == "pattern_match:GPU-BURST" } == true)
        let flagged = try with.json(["review", "list", "--reason", "pattern_match:*"])
        #expect(Self.lines(tested) == Self.lines(flagged))
        #expect(Self.lines(tested) == [2, 3, 4, 8])  // any case; anywhere in the id; not "gpuburst"; not the description

        let fundOrg = try without.json(["review", "test", "41", "AB", "--fund-org"])
        let invalid = try withFundOrg.json(["review", "list", "--reason", "invalid_fund_org"])
        #expect(Self.lines(fundOrg) == Self.lines(invalid))
        #expect(Self.lines(fundOrg) == [6, 7, 8])  // anchored at the start: "x41-0001" is refused; "ab-1234" passes

        let table = try without.run(["review", "test", "gpu-burst", "-p", "2026-10", "--sample", "1"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("4 of 8 charges in 2026-10 would be flagged pattern_match: USD 34.00"))
        #expect(table.stdout.contains("(first 1 of 4; --sample N shows more)"))
        let csv = try without.csv(["review", "test", "gpu-burst"])
        #expect(csv.first?.last == "would_flag_as" && csv.count == 5)
        let again = try with.run(["review", "test", "GPU-BURST"])
        #expect(again.stdout.contains("(4 of them already flagged or decided)"))
        // With both in the config, ingest checks the fund/org first: line 8 is held as invalid_fund_org, and the test shows it.
        let both = try withFundOrg.json(["review", "test", "GPU-BURST"])
        let eight = try #require((both["charges"] as? [[String: Any]])?.first { $0["line"] as? Int == 8 })
        #expect(eight["flag_reason"] as? String == "invalid_fund_org" && eight["review_status"] as? String == "pending")
        #expect(both["already_flagged"] as? Int == 1)
    }

    @Test func reviewTestRefusesAnInvalidPatternByName() throws {
        let cli = try Self.patternLedger("")
        let bad = try cli.run(["review", "test", "ok", "gpu(burst"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid regular expression \"gpu(burst\": missing )"))
        #expect(bad.stdout.isEmpty)
    }
}
