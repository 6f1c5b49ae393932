import Foundation
import Testing

/// End-to-end: the admin's monthly cycle on the bundled sample data, through
/// the real binary, checking output, exit codes and the expected totals
/// documented in sample_data/README.md.
@Suite(.serialized) struct CLIWorkflowTests {
    @Test func monthlyCycleOnSampleData() throws {
        let cli = try CLI()
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-10.csv") }

        let ingest = try cli.run(["ingest"] + files + ["-p", "2026-10"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("committed: 44 inserted, 0 updated, 0 unchanged"))
        #expect(ingest.stdout.contains("8,426.10"))

        let again = try cli.run(["ingest"] + files + ["-p", "2026-10"])
        #expect(again.stdout.contains("committed: 0 inserted, 0 updated, 44 unchanged"))

        let summary = try cli.run(["summary", "-p", "2026-10"])
        #expect(summary.status == 0)
        #expect(summary.stdout.contains("8,054.74"))   // on statements (sample_data/README.md)
        #expect(summary.stdout.contains("371.36"))     // awaiting review

        let list = try cli.run(["review", "list", "-p", "2026-10"])
        #expect(list.stdout.contains("4 charges awaiting review"))

        let close = try cli.run(["periods", "close", "2026-10", "--by", "ann"])
        #expect(close.status == 0)
        let refused = try cli.run(["ingest", files[0], "-p", "2026-10"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("period 2026-10 is closed"))

        let early = try cli.run(["periods", "finalize", "2026-10"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("4 charges awaiting review"))

        let ids = list.stdout.split(separator: "\n").compactMap { line -> String? in
            let first = line.split(separator: " ").first.map(String.init) ?? ""
            return Int(first) != nil && line.contains(" 2026-10 ") ? first : nil
        }
        #expect(ids.count == 4)
        let reject = try cli.run(["review", "reject", "--id", ids[0], "--note", "not research", "--by", "ann"])
        #expect(reject.stdout.contains("rejected 1 charge"))
        let approveAll = try cli.run(["review", "approve", "-p", "2026-10", "--note", "checked"])
        #expect(approveAll.stdout.contains("approved 3 charges"))
        let approveAgain = try cli.run(["review", "approve", "--id", ids[0]])
        #expect(approveAgain.stdout.contains("approved 0 charges"))
        #expect(approveAgain.stdout.contains("not awaiting review, left unchanged: \(ids[0])"))

        let reconcile = try cli.run(["reconcile", "-p", "2026-10"])
        #expect(reconcile.status == 0)
        #expect(reconcile.stdout.contains("OK:"))
        #expect(reconcile.stdout.contains("8426.0979635"))

        let finalize = try cli.run(["periods", "finalize", "2026-10", "--notes", "sent to finance"])
        #expect(finalize.status == 0)
        let periods = try cli.run(["periods", "list"])
        #expect(periods.stdout.contains("2026-10  finalized"))
        let reopen = try cli.run(["periods", "reopen", "2026-10", "--reason", "oops"])
        #expect(reopen.status == 1)
    }

    @Test func inputErrorsNameFileLineColumnAndExit1() throws {
        let cli = try CLI()
        let good = try String(contentsOfFile: CLI.sample("aws_2026-10.csv"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var lines = good.map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "2026-10-01T00:00:00Z,2026-11-01", with: "2026-13-01T00:00:00Z,2026-11-01")
        let bad = try cli.write("aws_broken.csv", lines.joined(separator: "\n"))
        let result = try cli.run(["ingest", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad):3: BillingPeriodStart:"))
        #expect(result.stdout.contains("nothing was committed"))
        let periods = try cli.run(["periods", "list"])
        #expect(periods.stdout.contains("no periods yet"))
    }

    @Test func usageErrorsExit2() throws {
        let cli = try CLI()
        #expect(try cli.run(["ingest"]).status == 2)
        #expect(try cli.run(["review", "approve"]).status == 2)
        #expect(try cli.run(["periods", "close", "2026-13"]).status == 2)
        #expect(try cli.run(["no-such-command"]).status == 2)
        #expect(try cli.run(["--help"]).status == 0)
    }

    @Test func configProblemsAreErrors() throws {
        let unset = try CLI(configYAML: "database:\n  path: ${OCB_TEST_UNSET_VAR}/x.sqlite\n")
        let result = try unset.run(["periods", "list"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("OCB_TEST_UNSET_VAR"))
        let regex = try CLI(configYAML: "review:\n  flag_patterns: ['([a-']\n")
        let bad = try regex.run(["periods", "list"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("review.flag_patterns[0]"))
        let typo = try CLI(configYAML: "reveiw:\n  flag_patterns: []\n")
        let warned = try typo.run(["periods", "list"])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("unknown key 'reveiw'"))
    }

    @Test func skipInvalidWritesRejectsAndDryRunWritesNothing() throws {
        let cli = try CLI()
        var lines = try String(contentsOfFile: CLI.sample("hpc_2026-10.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert("2026-10-01,2026-11-01,not,enough,fields", at: 2)
        let file = try cli.write("hpc_extra.csv", lines.joined(separator: "\n") + "\n")
        let dry = try cli.run(["ingest", file, "--dry-run", "--skip-invalid"])
        #expect(dry.stdout.contains("dry run: nothing was committed"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/output/rejects"))
        let result = try cli.run(["ingest", file, "--skip-invalid"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 invalid row of"))
        #expect(result.stderr.contains("\(file):3: expected 16 fields, found 5"))
        let reconcile = try cli.run(["reconcile", "-p", "2026-10"])
        #expect(reconcile.stdout.contains("input rows refused as invalid (not charges): 1"))
    }

    @Test func showListsOnlyThatPI() throws {
        let cli = try CLI()
        try cli.run(["ingest", CLI.sample("hpc_2026-10.csv"), CLI.sample("storage_2026-10.csv")])
        let show = try cli.run(["show", "zoe.lefevre@northfield.example.edu", "-p", "2026-10"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("project Ωmega-lab"))
        #expect(!show.stdout.contains("liang.chen"))
        let nobody = try cli.run(["show", "nobody@example.edu", "-p", "2026-10"])
        #expect(nobody.status == 1)
    }
}

@Suite struct CLILoggingTests {
    @Test func logsGoToTheConfiguredFileInTheConfiguredFormat() throws {
        let json = try CLI(configYAML: "database:\n  path: ./l.sqlite\nimports:\n  known_sources:\n    - name: hpc\nlogging:\n  format: json\n  file: ./logs/ocb.log\n")
        let result = try json.run(["ingest", CLI.sample("hpc_2026-09.csv"), "-s", "hpc"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("msg="))
        let lines = try String(contentsOfFile: json.folder + "/logs/ocb.log", encoding: .utf8).split(separator: "\n")
        let entry = try #require(lines.last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(entry["msg"] as? String == "ingest")
        #expect(entry["rows"] as? String == "10")
        #expect(entry["level"] as? String == "info")

        let quiet = try CLI(configYAML: "database:\n  path: ./l.sqlite\nimports:\n  known_sources:\n    - name: hpc\nlogging:\n  level: warning\n")
        let silent = try quiet.run(["ingest", CLI.sample("hpc_2026-09.csv"), "-s", "hpc"])
        #expect(!silent.stderr.contains("msg=ingest"))
        let logfmt = try CLI(configYAML: "database:\n  path: ./l.sqlite\nimports:\n  known_sources:\n    - name: hpc\n")
        let loud = try logfmt.run(["ingest", CLI.sample("hpc_2026-09.csv"), "-s", "hpc"])
        #expect(loud.stderr.contains("level=info logger=openchargeback msg=ingest"))
    }
}

@Suite struct CLIConfigAndSourcesTests {
    @Test func exampleConfigOnlyWhenTold() throws {
        let cli = try CLI()
        try FileManager.default.moveItem(atPath: cli.config, toPath: cli.folder + "/config.example.yaml")
        let refused = try cli.run(["periods", "list"], passConfig: false)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cp config.example.yaml"))
        let told = try cli.run(["periods", "list", "--use-example-config"], passConfig: false)
        #expect(told.status == 0, "\(told.stderr)")
        #expect(told.stdout.contains("no periods yet"))
    }

    @Test func sourcesAddListAndRefuseBadNames() throws {
        let cli = try CLI()
        let added = try cli.run(["sources", "add", "gcp", "--display-name", "Google Cloud", "--by", "ann"])
        #expect(added.status == 0)
        let list = try cli.run(["sources", "list"])
        // (The name column is as wide as config.example.yaml's longest source name.)
        func row(_ out: String, _ name: String) -> [String]? {
            out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }.first { $0.first == name }
        }
        #expect(row(list.stdout, "gcp")?.dropFirst().prefix(2) == ["Google", "Cloud"], "\(list.stdout)")
        #expect(list.stdout.contains("aws"))  // from the config, not yet in the ledger
        // Adding it again changes nothing (the legacy tool's get-or-create), and is not an error.
        let again = try cli.run(["sources", "add", "gcp", "--display-name", "Other"])
        #expect(again.status == 0 && again.stdout.contains("source gcp exists already (unchanged)"))
        #expect(row(try cli.run(["sources", "list"]).stdout, "gcp")?.dropFirst().prefix(2) == ["Google", "Cloud"])
        // Names become their slug: nothing of a path survives; a name with nothing to keep is refused.
        let path = try cli.run(["sources", "add", "../etc"])
        #expect(path.status == 0 && path.stdout.contains("source etc added"))
        let bad = try cli.run(["sources", "add", "../"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid source name"))
        // A source added by hand can then be ingested with -s.
        let ingest = try cli.run(["ingest", CLI.sample("hpc_2026-09.csv"), "-s", "gcp"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("gcp"))
    }
}
