import Foundation
import Testing

/// `make demo` end to end (scripts/demo, with config.example.yaml writing into a
/// scratch folder): it ingests the sample FOCUS files and converts every kind of
/// usage record in sample_data/converters/ with `convert … --ingest`. What the
/// converters write, and what the built site shows, must be what two other
/// programs worked out from the inputs: sample_data/converters/expected_charges.py
/// (the converted charges) and sample_data/expected_totals.py (the FOCUS files).
@Suite struct CLIDemoTests {
    static let period = "2026-10"

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    /// "1,234.56" or "1234.56" → 123456.
    static func cents(_ text: String) throws -> Int {
        try CLISlurmLiveTests.cents(text.replacingOccurrences(of: ",", with: ""))
    }

    @Test func theDemoShowsEveryConvertedKindAsWorkedOutIndependently() throws {
        // The expectations are current: the script's own check, run from its inputs.
        let check = try Shell.run(["/usr/bin/python3", CLI.repoRoot + "/sample_data/converters/expected_charges.py", "--check"], timeout: 60)
        #expect(check.status == 0, "\(check.output)")

        let cli = try CLI()
        let demo = try Shell.run(["/usr/bin/env", "BIN=\(CLI.binary)", "CONFIG=\(cli.config)", CLI.repoRoot + "/scripts/demo"], timeout: 600)
        try #require(demo.status == 0, "scripts/demo failed:\n\(demo.output)")

        let expected = try Self.json(CLI.repoRoot + "/sample_data/converters/expected_charges.json")
        let conversions = try #require(expected["conversions"] as? [[String: Any]])
        #expect(conversions.map { $0["source"] as? String } == ["tern", "isilon", "qumulo", "azure-local", "openstack", "openai"])

        // 1. Each converted file: the same charges, in order, to the cent, with their owners and services.
        var billedBySource: [String: Int] = [:]
        for conversion in conversions {
            let source = try #require(conversion["source"] as? String)
            let charges = try #require(conversion["charges"] as? [[String: Any]])
            let rows = try CSVRows.read(cli.folder + "/output/converted/\(source)_\(Self.period).csv")
            #expect(rows.count == charges.count, "\(source): \(rows.count) rows, expected \(charges.count)")
            for (row, charge) in zip(rows, charges) {
                let what = "\(source) \(charge["resource_id"] ?? "")"
                #expect(row["ResourceId"] == charge["resource_id"] as? String, "\(what)")
                #expect(row["ResourceName"] == charge["resource_name"] as? String, "\(what)")
                #expect(row["ServiceName"] == charge["service"] as? String, "\(what)")
                #expect(row["ChargePeriodStart"] == charge["charge_start"] as? String, "\(what)")
                #expect(row["ChargePeriodEnd"] == charge["charge_end"] as? String, "\(what)")
                #expect(try CLISlurmLiveTests.cents(row["ListCost"]) == charge["list"] as? Int, "\(what) list")
                #expect(try CLISlurmLiveTests.cents(row["ContractedCost"]) == charge["contracted"] as? Int, "\(what) contracted")
                #expect(try CLISlurmLiveTests.cents(row["BilledCost"]) == charge["billed"] as? Int, "\(what) billed")
                let tags = try JSONSerialization.jsonObject(with: Data((row["Tags"] ?? "{}").utf8)) as? [String: String] ?? [:]
                for key in ["pi_email", "project_id", "fund_org"] {
                    #expect(tags[key] == charge[key] as? String, "\(what) \(key)")
                }
                if charge["flag"] is NSNull { billedBySource[source, default: 0] += charge["billed"] as? Int ?? 0 }
            }
        }

        // 2. Each PI's 2026-10 statement page: every project's list price and amount due are the
        //    FOCUS files' (exact, rounded at display) plus the converted charges' (whole cents).
        let focus = try #require((try Self.json(CLI.repoRoot + "/sample_data/expected_totals.json"))[Self.period] as? [String: Any])
        struct Amounts { var list = 0; var billed = 0 }
        var projects: [String: [String: Amounts]] = [:]  // PI → project → cents
        for p in try #require(focus["by_pi_project"] as? [[String: Any]]) {
            let list = try Self.cents(try #require((p["list"] as? [String: Any])?["cents"] as? String))
            let billed = try Self.cents(try #require((p["billed"] as? [String: Any])?["cents"] as? String))
            projects[p["pi_email"] as! String, default: [:]][p["project_id"] as! String] = Amounts(list: list, billed: billed)
        }
        for p in try #require(expected["by_pi_project"] as? [[String: Any]]) {
            let pi = p["pi_email"] as! String, project = p["project_id"] as! String
            projects[pi, default: [:]][project, default: Amounts()].list += p["list"] as! Int
            projects[pi, default: [:]][project, default: Amounts()].billed += p["billed"] as! Int
        }
        #expect(projects.count == 8)
        for (pi, mine) in projects {
            let page = try CLISlurmLiveTests.piFolder(cli.folder + "/_site", pi) + "/\(Self.period)/index.html"
            let tables = try PageTables.tables(page)
            // Each project's section: its "By service" table, whose total row is the project's statement.
            let sections = tables.filter { $0.heading.hasPrefix("Project ") && $0.rows.first?.first == "Service" }
            #expect(sections.map { String($0.heading.dropFirst(8)) }.sorted() == mine.keys.sorted(), "\(pi)")
            for (project, amounts) in mine {
                let section = try #require(sections.first { $0.heading == "Project \(project)" }, "\(pi): no project \(project)")
                let total = try #require(PageTables.records(section).first { $0["Service"] == "Total" }, "\(pi) \(project): no total")
                #expect(total["List price"] == CLISlurmLiveTests.money(amounts.list), "\(pi) \(project)")
                #expect(total["Amount"] == CLISlurmLiveTests.money(amounts.billed), "\(pi) \(project)")
            }
        }

        // 3. The period's GL (draft): each converted source's fund/org is credited what its statement charges bill.
        let gl = try CSVRows.read(cli.folder + "/_site/finance/\(Self.period)/journal_\(Self.period)_gl_DRAFT.csv")
        let funds = ["tern": "100000-9500", "isilon": "100000-9600", "qumulo": "100000-9650", "azure-local": "100000-9700",
                     "openstack": "100000-9750", "openai": "100000-9800"]
        for (source, fund) in funds {
            let credited = try gl.filter { "\($0["Fund"] ?? "")-\($0["Orgn"] ?? "")" == fund }.reduce(0) { total, row in
                total + (try Self.cents(row["Credit"].flatMap { $0.isEmpty ? nil : $0 } ?? "0")) - (try Self.cents(row["Debit"].flatMap { $0.isEmpty ? nil : $0 } ?? "0"))
            }
            #expect(credited == billedBySource[source], "\(source) (\(fund)): credited \(credited), statements \(billedBySource[source] ?? 0)")
        }

        // 4. Every converted charge nobody owns waits for review (missing_pi), with the FOCUS files' four.
        let review = try cli.run(["review", "list", "-p", Self.period])
        let flagged = conversions.flatMap { ($0["charges"] as? [[String: Any]] ?? []).filter { !($0["flag"] is NSNull) } }
        #expect(flagged.count == 7)
        #expect(review.stdout.split(separator: "\n").filter { $0.contains("missing_pi") }.count == flagged.count)
        #expect(review.stdout.split(separator: "\n").filter { $0.contains(" \(Self.period) ") }.count == flagged.count + 4)
    }
}
