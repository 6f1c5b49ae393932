import Foundation
import Testing

/// `openchargeback convert KIND`, through the real binary: the FOCUS file it
/// writes, `--ingest`, and bad input (exit codes, nothing written).
@Suite struct CLIConvertTests {
    static let fixtures = CLI.repoRoot + "/Tests/ChargebackConvertTests/Fixtures"

    /// A ledger and a log in the scratch folder, a source for every kind.
    static let ledger = """
        currency: USD
        database:
          path: ./ledger.sqlite
        logging:
          file: ./ocb.log
        imports:
          known_sources:
            - {name: hpc, fund_org: "100000-9300"}
            - {name: storage, fund_org: "100000-9400"}
            - {name: vm, fund_org: "100000-9500"}
            - {name: openai, fund_org: "100000-9600"}

        """

    /// `ledger`, with the converters pointed at the fixtures.
    static func config(extra: String = "") -> String {
        ledger + """
        convert:
          output_dir: ./converted
          slurm:
            tiers: \(fixtures)/slurm/tiers.json
            accounts: \(fixtures)/slurm/accounts.json
            time_zone: UTC
          storage:
            qumulo:
              rates: \(fixtures)/qumulo/rates.json
              projects_root: \(fixtures)/qumulo/projects
          vm:
            tiers: \(fixtures)/vm/tiers.json
          tokens:
            pricing: \(fixtures)/tokens/pricing.json
            projects: \(fixtures)/tokens/projects.json
            subsidies: \(fixtures)/tokens/subsidies.json
            subsidy_state: ./converted/subsidy-state.json
        \(extra)
        """
    }

    /// sacct reads its --starttime/--endtime in its own zone: it runs with TZ set to convert.slurm.time_zone,
    /// so it is asked for the month that is billed, and jobs are placed by the same clock.
    @Test func sacctIsAskedForTheMonthInTheConfiguredTimeZone() throws {
        let cli = try CLI(configYAML: Self.config())
        // Two jobs of two hours, ending 31 January 23:00 and 1 February 05:00 in Auckland (UTC+13): both in January in UTC.
        let fake = try cli.write("fake-sacct", """
            #!/bin/sh
            printf 'TZ=%s SLURM_TIME_FORMAT=%s %s\\n' "$TZ" "$SLURM_TIME_FORMAT" "$*" > "$(dirname "$0")/sacct-call.txt"
            echo 'JobID|JobIDRaw|Cluster|Account|User|Partition|AllocCPUS|ElapsedRaw|Start|End|State'
            echo '7|7|hpc1|wren|bo|def|1|7200|1738310400|1738317600|COMPLETED'
            echo '8|8|hpc1|wren|bo|def|1|7200|1738332000|1738339200|COMPLETED'

            """)
        chmod(fake, 0o755)
        try Data((try String(contentsOfFile: cli.config, encoding: .utf8))
            .replacingOccurrences(of: "time_zone: UTC", with: "time_zone: Pacific/Auckland\n    sacct: \(fake)").utf8)
            .write(to: URL(fileURLWithPath: cli.config))
        let run = try cli.run(["convert", "slurm", "-p", "2025-01"])
        #expect(run.status == 0, "\(run.stderr)")
        let call = try String(contentsOfFile: cli.folder + "/sacct-call.txt", encoding: .utf8)
        #expect(call.hasPrefix("TZ=Pacific/Auckland SLURM_TIME_FORMAT=%s --allusers --allocations --parsable2 "))
        #expect(call.contains(" --starttime=2025-01-01T00:00:00 --endtime=2025-02-01T00:00:00"))
        #expect(run.stdout.contains("- 2 jobs read, 1 billed in 2025-01"))
        #expect(run.stdout.contains("- 1 job ended after 2025-01: billed in that period"))
        let february = try cli.run(["convert", "slurm", "-p", "2025-02"])
        #expect(february.stdout.contains("- 2 jobs read, 1 billed in 2025-02"))
        #expect(february.stdout.contains("- 1 job ended before 2025-02: billed in that period"))
    }

    @Test func slurmFromSavedSacctOutputThenIngest() throws {
        let cli = try CLI(configYAML: Self.config())
        let run = try cli.run(["convert", "slurm", "--sacct-file", Self.fixtures + "/slurm/sacct-boundary.txt", "-p", "2025-01", "--ingest", "--by", "hpc-cron"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = cli.folder + "/converted/hpc_2025-01.csv"
        #expect(run.stdout.contains("wrote \(file)"))
        #expect(run.stdout.contains("      6        5.22              5.22          4.41"))
        #expect(run.stdout.contains("- 3 jobs not in a billable state (CANCELLED 1, FAILED 1, RUNNING 1)"))
        #expect(run.stderr.contains("warning: Slurm account \"unknownlab\" is not in the accounts map"))
        // Then the same as `ingest FILE -s hpc -p 2025-01`: one charge flagged (no PI), the file kept.
        #expect(run.stdout.contains("committed: 6 inserted, 0 updated, 0 unchanged"))
        #expect(FileManager.default.fileExists(atPath: file))
        let review = try cli.run(["review", "list", "-p", "2025-01"])
        #expect(review.stdout.contains("missing_pi"))
        #expect(review.stdout.contains("1 charge awaiting review"))
        let show = try cli.run(["show", "ursa.major@northfield.example.edu", "-p", "2025-01"])
        #expect(show.stdout.contains("0.90"))  // January's def jobs
        #expect(show.stdout.contains("0.48"))  // December's part of the job that ended in January
        // Converting and ingesting again changes nothing.
        let again = try cli.run(["convert", "slurm", "--sacct-file", Self.fixtures + "/slurm/sacct-boundary.txt", "-p", "2025-01", "--ingest"])
        #expect(again.stdout.contains("committed: 0 inserted, 0 updated, 6 unchanged"))
    }

    @Test func storageVMAndTokens() throws {
        let cli = try CLI(configYAML: Self.config())
        let storage = try cli.run(["convert", "storage", Self.fixtures + "/qumulo/samples-2025-01.csv", "-p", "2025-01", "-o", "q.csv"])
        #expect(storage.status == 0, "\(storage.stderr)")
        #expect(storage.stdout.contains("wrote \(cli.folder)/q.csv"))
        #expect(storage.stdout.contains("921.60"))  // 128 + 256 + 512 + 25.60
        #expect(storage.stdout.contains("738.25"))  // 103 + 173.25 + 462 + 0
        let vm = try cli.run(["convert", "vm", Self.fixtures + "/vm/hyperv-ps5.json", "-p", "2025-01", "--ingest"])
        #expect(vm.status == 0, "\(vm.stderr)")
        #expect(vm.stdout.contains("- 1 not running, not billed (convert.vm.include_off): stopped-vm"))
        #expect(vm.stdout.contains("committed: 3 inserted"))
        let csv = try cli.run(["convert", "vm", Self.fixtures + "/vm/inventory.csv", "-p", "2025-01", "-s", "vm", "-o", "inv.csv"])
        #expect(csv.stdout.contains("458.06"))  // 100 + 100 + 258.06
        let tokens = try cli.run(["convert", "tokens", Self.fixtures + "/tokens/usage-2026-01.csv", "-p", "2026-01", "--ingest"])
        #expect(tokens.status == 0, "\(tokens.stderr)")
        #expect(tokens.stdout.contains("committed: 12 inserted"))
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/converted/subsidy-state.json"))
        let trial = try cli.run(["convert", "tokens", Self.fixtures + "/tokens/usage-2026-01.csv", "-p", "2026-01", "--keep-state", "-o", "t.csv"])
        #expect(trial.status == 0)
    }

    @Test func legacyConfigFolderInsteadOfTheConfig() throws {
        let cli = try CLI(configYAML: "currency: USD\ndatabase:\n  path: ./ledger.sqlite\n")
        let run = try cli.run(["convert", "slurm", "--sacct-file", Self.fixtures + "/slurm/sacct-legacy.txt", "-p", "2025-01",
                               "--legacy-config", Self.fixtures + "/slurm", "--per-job"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("      3       42.60             42.60         32.20"))
        // Without rules anywhere: exit 1, saying where to put them.
        let none = try cli.run(["convert", "vm", Self.fixtures + "/vm/inventory.csv", "-p", "2025-01"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no VM tiers"))
    }

    @Test func badInputExitsOneAndWritesNothing() throws {
        let cli = try CLI(configYAML: Self.config())
        let sacct = try cli.write("sacct.txt", """
            JobID|Account|Partition|AllocCPUS|ElapsedRaw|Start|End|State
            1|ursalab|def|four|10|2025-01-02T00:00:00|2025-01-02T00:00:10|COMPLETED
            2|ursalab|bigmem|1|10|2025-01-02T00:00:00|2025-01-02T00:00:10|COMPLETED
            """)
        let run = try cli.run(["convert", "slurm", "--sacct-file", sacct, "-p", "2025-01", "--ingest"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(sacct):2: AllocCPUS: expected a whole number of CPUs, got \"four\""))
        #expect(run.stderr.contains("\(sacct):3: Partition: partition \"bigmem\" has no price"))
        #expect(run.stderr.contains("nothing was written: 2 input errors"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/converted/hpc_2025-01.csv"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/ledger.sqlite"))
        // --skip-invalid: the rest is written, the bad lines are warnings.
        let skip = try cli.run(["convert", "slurm", "--sacct-file", sacct, "-p", "2025-01", "--skip-invalid"])
        #expect(skip.status == 0)
        #expect(skip.stderr.contains("warning: skipped (--skip-invalid): \(sacct):2: AllocCPUS"))
        // Usage errors exit 2.
        let usage = try cli.run(["convert", "storage", "x.csv", "-p", "2025-01", "--system", "ceph"])
        #expect(usage.status == 2)
        let period = try cli.run(["convert", "slurm", "-p", "2025-13"])
        #expect(period.status == 2)
        // sacct that is not there: exit 1 naming what to set.
        let noSacct = try CLI(configYAML: Self.config(extra: "").replacingOccurrences(of: "time_zone: UTC", with: "sacct: /nonexistent/sacct"))
        let missing = try noSacct.run(["convert", "slurm", "-p", "2025-01"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot run sacct"))
    }
}
