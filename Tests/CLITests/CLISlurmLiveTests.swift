import Foundation
import Testing

/// `convert slurm` against a real Slurm: jobs run on a one-node cluster
/// started for the test (Tests/SlurmSupport), then `convert slurm --ingest`
/// calls the real sacct, and the charges are checked against the job records.
/// (TIMEOUT is left to the fixture tests: Slurm's shortest time limit is a minute.)
@Suite(.serialized, .enabled(if: SlurmCluster.installed, "Slurm is not installed here: run scripts/bootstrap"))
struct CLISlurmLiveTests {
    @Test func jobsThroughRealSacctToTheLedger() throws {
        let cluster = try SlurmCluster(accounts: ["ursalab", "wren", "mysterylab"])
        defer { cluster.stop() }

        // A price that makes seconds visible: one SU (a core-hour) costs 360.00, so one CPU-second of
        // def costs 0.10, of gpu (× 20) 2.00; largemem (× 10) has a 25% subsidy.
        let cli = try CLI(configYAML: CLIConvertTests.ledger + """
            convert:
              output_dir: ./converted
              slurm:
                tiers:
                  serviceName: Test Cluster
                  partitions:
                    def: {suMultiplier: 1, subsidyPercent: 0}
                    gpu: {suMultiplier: 20, subsidyPercent: 0}
                    largemem: {suMultiplier: 10, subsidyPercent: 25}
                  rates: {suRate: 360}
                accounts:
                  accounts:
                    ursalab: {piEmail: ursa.major@northfield.example.edu, projectId: ursa-lab, fundOrg: "100200-3001"}
                    wren: {piEmail: jo.wren@northfield.example.edu, projectId: wren-genomics, fundOrg: "100200-3002"}
            """)

        _ = try cluster.submit(partition: "def", account: "ursalab", cpus: 1, script: "sleep 2")
        _ = try cluster.submit(partition: "gpu", account: "wren", cpus: 2, script: "sleep 1")
        _ = try cluster.submit(partition: "largemem", account: "wren", cpus: 1, script: "sleep 1")
        _ = try cluster.submit(partition: "largemem", account: "ursalab", cpus: 1, script: "sleep 1; exit 3")
        _ = try cluster.submit(partition: "def", account: "mysterylab", cpus: 1, script: "sleep 1")
        let long = try cluster.submit(partition: "def", account: "ursalab", cpus: 1, script: "sleep 120")
        try cluster.wait("running job \(long)", seconds: 60) {
            try cluster.run(["squeue", "-h", "-j", long, "-o", "%T"]).output.contains("RUNNING")
        }
        usleep(1_100_000)  // so the cancelled job has run at least a second
        _ = try cluster.run(["scancel", long])
        try cluster.wait("empty queue", seconds: 60) { try cluster.run(["squeue", "-h"]).output.isEmpty }

        // The job records, as sacct has them once accounting caught up.
        var records: [[String]] = []
        try cluster.wait("six finished jobs in accounting", seconds: 60) {
            let out = try cluster.run(["sacct", "-a", "-X", "-n", "--parsable2", "--format=JobID,Account,Partition,AllocCPUS,ElapsedRaw,End,State",
                                       "--starttime=now-1days"]).output
            records = out.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            return records.count == 6 && records.allSatisfy { $0.count == 7 && $0[5] != "Unknown" }
        }
        let states = records.map { $0[6].split(separator: " ").first.map(String.init) ?? "" }
        #expect(states.sorted() == ["CANCELLED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "FAILED"])
        let period = String(records[0][5].prefix(7))

        // Expected charges per account-partition, in cents, from the records (COMPLETED only).
        let centsPerCPUSecond = ["def": 10, "gpu": 200, "largemem": 100]
        var list: [String: Int] = [:]
        for r in records where r[6] == "COMPLETED" {
            list["\(r[1])-\(r[2])", default: 0] += Int(r[3])! * Int(r[4])! * centsPerCPUSecond[r[2]]!
        }
        #expect(list.count == 4)

        let run = try cli.run(["convert", "slurm", "-p", period, "--ingest"], environment: cluster.environment)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("- 6 jobs read, 4 billed in \(period)"))
        #expect(run.stdout.contains("- 2 jobs not in a billable state (CANCELLED 1, FAILED 1)"))
        #expect(run.stdout.contains("committed: 4 inserted"))
        #expect(run.stderr.contains("Slurm account \"mysterylab\" is not in the accounts map"))

        let rows = try CSVRows.read(cli.folder + "/converted/hpc_\(period).csv")
        #expect(rows.count == 4)
        for row in rows {
            let key = row["ResourceId"]!
            let cents = try #require(list[key], "unexpected charge \(key)")
            #expect(row["ListCost"] == Self.amount(cents), "\(key)")
            let billed = key.hasSuffix("-largemem") ? cents * 3 / 4 : cents  // whole cents: a multiple of 100 × 3/4
            #expect(row["BilledCost"] == Self.amount(billed), "\(key)")
        }
        // The PI's statement shows the same amounts; the unknown account waits for review.
        let ursa = try cli.run(["show", "ursa.major@northfield.example.edu", "-p", period])
        #expect(ursa.stdout.contains(Self.amount(list["ursalab-def"]!)))
        let review = try cli.run(["review", "list", "-p", period])
        #expect(review.stdout.contains("missing_pi"))
        #expect(review.stdout.contains(Self.amount(list["mysterylab-def"]!)))
    }

    static func amount(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, cents % 100) }
}

/// A CSV file's rows as header → value (RFC 4180, as Python's csv module reads it).
enum CSVRows {
    static func read(_ path: String) throws -> [[String: String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [[String: String]] ?? []
    }
}
