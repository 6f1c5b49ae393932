import ChargebackCore
import Foundation
import Testing

/// `import-legacy` and our other commands against a legacy billing.db made by
/// Tests/LegacyFixtures/make_legacy_ledger.py (Python's sqlite3, as the legacy tool wrote it).
@Suite struct CLIImportLegacyTests {
    /// A scratch folder with the legacy ledger in `legacy/` and a config of ours.
    static func setUp(databasePath: String = "./ours.sqlite") throws -> (cli: CLI, legacy: String) {
        let cli = try CLI(configYAML: "currency: USD\ndatabase:\n  path: \(databasePath)\n")
        try FileManager.default.createDirectory(atPath: cli.folder + "/legacy", withIntermediateDirectories: true)
        let legacy = cli.folder + "/legacy/billing.db"
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", CLI.repoRoot + "/Tests/LegacyFixtures/make_legacy_ledger.py", legacy]
        try python.run()
        python.waitUntilExit()
        guard python.terminationStatus == 0 else { throw CLIError("make_legacy_ledger.py failed") }
        return (cli, legacy)
    }

    /// Table text with each run of spaces as one.
    static func squeezed(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    struct CLIError: Error { var message: String; init(_ m: String) { message = m } }

    /// Bytes, journal mode (header bytes 18–19) and the files of its folder.
    static func state(_ file: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        return [try FileDigest.sha256(regularFile: file) ?? "", "\(data[18]),\(data[19])"]
            + (try FileManager.default.contentsOfDirectory(atPath: (file as NSString).deletingLastPathComponent).sorted())
    }

    @Test func ourCommandsPointedAtALegacyLedgerSayWhatToRunAndChangeNothing() throws {
        let (cli, legacy) = try Self.setUp(databasePath: "./legacy/billing.db")
        // A log file beside the legacy ledger, as the legacy example config has: its folder is not made either.
        try "currency: USD\ndatabase:\n  path: ./legacy/billing.db\nlogging:\n  file: ./legacy/logs/openchargeback.log\n"
            .write(toFile: cli.config, atomically: true, encoding: .utf8)
        let before = try Self.state(legacy)
        for command in [["periods", "list"], ["reconcile", "-p", "2025-03"], ["review", "list"],
                        ["ingest", CLI.sample("aws_2026-10.csv"), "-s", "aws"], ["build"]] {
            let result = try cli.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("is a legacy OpenChargeback 0.4 ledger"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("run `openchargeback import-legacy \(legacy)`"), "\(command)")
            #expect(try Self.state(legacy) == before, "\(command) changed the legacy file")
        }
    }

    @Test func dryRunThenImportThenAgain() throws {
        let (cli, legacy) = try Self.setUp()
        let before = try Self.state(legacy)
        let beside = cli.folder + "/legacy/openchargeback.sqlite"

        // No -c and no config.yaml in the folder: our ledger goes beside the legacy file.
        try FileManager.default.removeItem(atPath: cli.config)
        let dry = try cli.run(["import-legacy", "legacy/billing.db", "--dry-run"], passConfig: false)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run: nothing was written"))
        #expect(dry.stdout.contains("our ledger:    \(beside) (beside the legacy file)"))
        #expect(Self.squeezed(dry.stdout).contains("2025-03 finalized 7 2 0 20,299.76 2,340.00"))
        #expect(!FileManager.default.fileExists(atPath: beside))
        #expect(try Self.state(legacy) == before)

        let run = try cli.run(["import-legacy", "legacy/billing.db", "--by", "ann"], passConfig: false)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("committed."))
        #expect(run.stdout.contains("  database:\n    path: \(beside)\n"))
        #expect(Self.squeezed(run.stdout).contains("2025-05 open 5 0 2 45.25 0.00"))
        #expect(run.stdout.contains("check statements: 3 of 3 legacy statements (PI × project) equal ours to the cent"))
        #expect(run.stdout.contains("source \"Azure Local\" is called azure-local here"))
        #expect(run.stdout.contains("not imported: 1 users"))
        // The legacy file as it was; beside it now only our ledger.
        #expect(try Self.state(legacy) == before + ["openchargeback.sqlite"])

        // The one config line changed: every period reconciles, statuses as in the legacy ledger.
        _ = try cli.write("config.yaml", "currency: USD\ndatabase:\n  path: \(beside)\n")
        for period in ["2025-03", "2025-04", "2025-05"] {
            let reconcile = try cli.run(["reconcile", "-p", period])
            #expect(reconcile.status == 0 && reconcile.stdout.contains("OK: every imported charge"), "\(period): \(reconcile.stdout)")
        }
        let periods = try cli.run(["periods", "list"])
        #expect(periods.stdout.contains("2025-03  finalized") && periods.stdout.contains("2025-04  closed")
                && periods.stdout.contains("2025-05  open"))

        let again = try cli.run(["import-legacy", "legacy/billing.db"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported"))
        #expect(again.stdout.contains("by ann"))
        #expect(again.stdout.contains("nothing changed"))
        #expect(try Self.state(legacy).prefix(2) == before.prefix(2))
    }

    @Test func aLedgerThatHasThosePeriodsIsRefusedNamingThem() throws {
        let (cli, legacy) = try Self.setUp()
        #expect(try cli.run(["periods", "open", "2025-04"]).status == 0)
        let before = try Self.state(legacy)
        let result = try cli.run(["import-legacy", legacy])
        #expect(result.status == 1)
        #expect(result.stderr.contains("already has period 2025-04"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was written"))
        #expect(try Self.state(legacy) == before)
        let periods = try cli.run(["periods", "list"])
        #expect(!periods.stdout.contains("2025-03") && periods.stdout.contains("2025-04"))
    }

    @Test func aConfigThatNamesNoLedgerOfOursYetIsNotWhereANewLedgerIsMade() throws {
        // A legacy config's relative database.path means another place to us; ours never goes to a path only implied.
        let (cli, legacy) = try Self.setUp(databasePath: "./instance/billing.db")
        let result = try cli.run(["import-legacy", legacy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(beside the legacy file)"))
        #expect(result.stdout.contains("the config's database.path, \(cli.folder)/instance/billing.db, holds no ledger of ours yet"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/instance"))
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/legacy/openchargeback.sqlite"))
    }

    @Test func intoTheLegacyFileItselfIsRefused() throws {
        let (cli, legacy) = try Self.setUp()
        let before = try Self.state(legacy)
        let result = try cli.run(["import-legacy", legacy, "--into", "./legacy/../legacy/billing.db"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot be the legacy file itself"))
        #expect(try Self.state(legacy) == before)
    }

    @Test func anInfinityInTheLegacyLedgerIsNamedAndNothingIsWritten() throws {
        let (cli, legacy) = try Self.setUp()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", legacy, "UPDATE charges SET billed_cost = 1e999 WHERE id = 6"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let result = try cli.run(["import-legacy", legacy, "--into", "ours.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("charges row id 6, column billed_cost: inf"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/ours.sqlite"))
    }

    @Test func ingestingTheOpenPeriodAfterTheImportDoesNotBillTwice() throws {
        let (cli, legacy) = try Self.setUp()
        #expect(try cli.run(["import-legacy", legacy, "--into", "ours.sqlite"]).status == 0)
        let tags = #""{""pi_email"":""ada@uni.edu"",""project_id"":""alpha"",""fund_org"":""F-100""}""#
        let header = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags"
        let rows = [("2025-05-01", "r-1", "12", "10"), ("2025-05-01", "r-9", "20", "20"), ("2025-05-02", "r-1", "7.25", "7.25"),
                    ("2025-05-01", "", "5", "5"), ("2025-05-01", "r-8", "3", "3")].map { start, resource, list, billed in
            ["2025-05-01", "2025-06-01", start, "2025-05-31", "USD", "Amazon EC2", "Usage", "usage", resource, "vm", "sku",
             list, billed, billed, billed, tags].joined(separator: ",")
        }
        let csv = try cli.write("aws_2025-05.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let ingest = try cli.run(["ingest", csv, "-s", "aws", "-p", "2025-05"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("committed: 0 inserted, 0 updated, 5 unchanged"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("5 rows of \(csv) matched charges carried over from the legacy ledger"))
        let reconcile = try cli.run(["reconcile", "-p", "2025-05"])
        #expect(Self.squeezed(reconcile.stdout).contains("accounted for 5 45.25"), "\(reconcile.stdout)")
    }
}
