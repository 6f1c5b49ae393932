import Foundation
import Testing

/// `convert slurm` against a real Slurm: jobs that end COMPLETED, FAILED,
/// TIMEOUT and CANCELLED run on a one-node cluster started for the test
/// (Tests/SlurmSupport), then `convert slurm --ingest` calls the real sacct,
/// `build` writes the site, and the PIs' statement pages and CSV downloads
/// must show, to the cent, the charges this test works out itself from
/// sacct's own job records (Account, Partition, AllocCPUS, Elapsed, State)
/// and the rules below.
///
/// Runs wherever Slurm is installed (scripts/bootstrap installs it, so CI
/// runs it); OPENCHARGEBACK_SLURM_TESTS=off skips it, =require fails it on a
/// machine without Slurm instead of skipping (.ci/run sets that). It takes
/// about two minutes: Slurm's shortest time limit is a minute, and slurmctld
/// checks limits every 30 s.
@Suite(.serialized, .enabled(if: SlurmCluster.Gate.runs, SlurmCluster.Gate.reason))
struct CLISlurmLiveTests {
    /// The rules, as this test prices them. A service unit costs 123.45 (in cents below),
    /// so amounts come out in fractions of a cent and only one exact rounding gives them.
    static let centsPerSU = 12_345
    static let partitions: [String: (multiplier: Int, subsidyPercent: Int, description: String)] = [
        "def": (1, 0, "Standard"), "gpu": (20, 0, "GPU"), "largemem": (10, 25, "Large memory"),
    ]
    static let billableStates: Set<String> = ["COMPLETED", "TIMEOUT", "OUT_OF_MEMORY"]
    static let owners: [String: (pi: String, project: String)] = [
        "ursalab": ("ursa.major@northfield.example.edu", "ursa-lab"), "wren": ("jo.wren@northfield.example.edu", "wren-genomics"),
    ]

    static func config(timeZone: String) -> String {
        let partitionLines: String = partitions.keys.sorted().map { (name: String) -> String in
            let p = partitions[name]!
            return "        \(name): {suMultiplier: \(p.multiplier), subsidyPercent: \(p.subsidyPercent), description: \(p.description)}"
        }.joined(separator: "\n")
        return CLIConvertTests.ledger + """
            output:
              site_dir: ./site
            convert:
              output_dir: ./converted
              slurm:
                time_zone: \(timeZone)
                tiers:
                  serviceName: Test Cluster
                  partitions:
            \(partitionLines)
                  rates: {suRate: 123.45}
                  billableStates: [\(billableStates.sorted().joined(separator: ", "))]
                accounts:
                  accounts:
                    ursalab: {piEmail: ursa.major@northfield.example.edu, projectId: ursa-lab, fundOrg: "100200-3001"}
                    wren: {piEmail: jo.wren@northfield.example.edu, projectId: wren-genomics, fundOrg: "100200-3002"}

            """
    }

    @Test func jobsEndingFourWaysThroughRealSacctToThePIPages() throws {
        let cluster = try SlurmCluster(accounts: ["ursalab", "wren", "mysterylab"])
        defer { cluster.stop() }
        let (zone, period) = Self.zoneAwayFromAMonthBoundary(Date())
        let cli = try CLI(configYAML: Self.config(timeZone: zone))

        // The TIMEOUT job first: its minute, and up to 30 s more till slurmctld's next
        // time-limit check, runs while the other jobs come and go (the node has 8 CPUs).
        let timeout = try cluster.submit(partition: "gpu", account: "ursalab", cpus: 1, script: "sleep 600", minutes: 1)
        _ = try cluster.submit(partition: "def", account: "ursalab", cpus: 1, script: "sleep 2")
        _ = try cluster.submit(partition: "gpu", account: "wren", cpus: 2, script: "sleep 1")
        _ = try cluster.submit(partition: "largemem", account: "wren", cpus: 3, script: "sleep 1")
        _ = try cluster.submit(partition: "largemem", account: "ursalab", cpus: 1, script: "sleep 1; exit 3")
        _ = try cluster.submit(partition: "def", account: "mysterylab", cpus: 1, script: "sleep 1")
        let cancelled = try cluster.submit(partition: "def", account: "ursalab", cpus: 1, script: "sleep 600")
        try cluster.wait("job \(cancelled) running for a second", seconds: 60) {
            let out = try cluster.run(["squeue", "-h", "-j", cancelled, "-o", "%T %M"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            return out.hasPrefix("RUNNING ") && !out.hasSuffix(" 0:00")
        }
        #expect(try cluster.run(["scancel", cancelled]).status == 0)

        // The job records, once accounting has every job's end.
        var jobs: [Job] = []
        try cluster.wait("seven ended jobs in accounting (the TIMEOUT job ends 60-90 s after it started)", seconds: 180) {
            jobs = try Self.jobs(cluster)
            return jobs.count == 7 && jobs.allSatisfy { $0.end != nil }
        }
        #expect(jobs.map(\.state).sorted() == ["CANCELLED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "TIMEOUT"])
        let timedOut = try #require(jobs.first { $0.id == timeout })
        #expect(timedOut.state == "TIMEOUT" && timedOut.seconds >= 60, "\(timedOut)")
        #expect(jobs.allSatisfy { Self.period(of: $0.end!, zone: zone) == period }, "\(jobs) ended outside \(period) in \(zone)")

        // What each account × partition must cost: the billable jobs' CPU-seconds, priced by the rules, rounded once.
        var cpuSeconds: [Key: Int] = [:]
        for job in jobs where Self.billableStates.contains(job.state) {
            cpuSeconds[Key(account: job.account, partition: job.partition), default: 0] += job.cpus * job.seconds
        }
        let expected = try Self.expectedCharges(cpuSeconds)
        #expect(Set(expected.keys.map(\.resource)) == ["mysterylab (def)", "ursalab (def)", "ursalab (gpu)", "wren (gpu)", "wren (largemem)"],
                "TIMEOUT billed (ursalab gpu), FAILED not (ursalab largemem)")

        let run = try cli.run(["convert", "slurm", "-p", period, "--ingest"], environment: cluster.environment)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("- 7 jobs read, 5 billed in \(period)"))
        #expect(run.stdout.contains("- 2 jobs not in a billable state (CANCELLED 1, FAILED 1)"))
        #expect(run.stdout.contains("committed: 5 inserted"))
        #expect(run.stderr.contains("Slurm account \"mysterylab\" is not in the accounts map"))

        let build = try cli.run(["build"])
        #expect(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        for (account, owner) in Self.owners {
            let mine = expected.filter { $0.key.account == account }
            let folder = try Self.piFolder(cli.folder + "/site", owner.pi) + "/" + period
            // The statement page: each line, and the project's total (its "By service" table's last row).
            let tables = try PageTables.tables(folder + "/index.html")
            // Line items one per resource (statements.line_items' default): one charge each, as convert makes them.
            let items = try #require(PageTables.rows(tables.map(\.rows), header: ["Dates", "Resource", "Service", "Charges", "List price", "Discount", "Subsidy", "Amount"]),
                                     "\(owner.pi): no line items")
            #expect(items.allSatisfy { $0["Charges"] == "1" }, "\(owner.pi): \(items)")
            #expect(items.count == mine.count, "\(owner.pi): \(items)")
            for (key, charge) in mine {
                let row = try #require(items.first { $0["Resource"] == key.resource }, "\(owner.pi): no line \(key.resource) in \(items)")
                #expect(row["Service"] == "Test Cluster - \(Self.partitions[key.partition]!.description)")
                #expect(row["List price"] == Self.money(charge.list), "\(key.resource)")
                #expect(row["Discount"] == Self.money(0))
                #expect(row["Subsidy"] == Self.money(charge.list - charge.billed), "\(key.resource)")
                #expect(row["Amount"] == Self.money(charge.billed), "\(key.resource)")
            }
            let section = try #require(tables.first { $0.heading == "Project \(owner.project)" && $0.rows.first?.first == "Service" })
            let total = try #require(PageTables.records(section).first { $0["Service"] == "Total" })
            #expect(total["List price"] == Self.money(mine.values.reduce(0) { $0 + $1.list }))
            #expect(total["Amount"] == Self.money(mine.values.reduce(0) { $0 + $1.billed }))

            // The CSV download: the same charges, exact.
            let csv = try CSVRows.read(folder + "/charges_\(period).csv")
            #expect(csv.count == mine.count)
            for row in csv {
                let key = try #require(mine.keys.first { "\($0.account)-\($0.partition)" == row["resource_id"] }, "unexpected \(row)")
                #expect(row["project_id"] == owner.project && row["source"] == "hpc")
                #expect(try Self.cents(row["list"]) == mine[key]!.list, "\(row)")
                #expect(try Self.cents(row["billed"]) == mine[key]!.billed, "\(row)")
                #expect(try Self.cents(row["subsidy"]) == mine[key]!.list - mine[key]!.billed, "\(row)")
            }
        }
        // The account nobody described waits for review, on no PI's page.
        let review = try cli.run(["review", "list", "-p", period])
        let mystery = try #require(review.stdout.split(separator: "\n").first { $0.contains("missing_pi") }, "\(review.stdout)")
        #expect(mystery.contains(Self.amount(expected[Key(account: "mysterylab", partition: "def")]!.billed)))
        for pi in try FileManager.default.contentsOfDirectory(atPath: cli.folder + "/site/pi") {
            let page = (try? String(contentsOfFile: cli.folder + "/site/pi/\(pi)/\(period)/index.html", encoding: .utf8)) ?? ""
            #expect(!page.contains("mysterylab"), "\(pi)")
        }
    }

    struct Key: Hashable {
        var account: String
        var partition: String
        var resource: String { "\(account) (\(partition))" }
    }

    struct Charge {
        var list: Int
        var billed: Int
    }

    /// One allocation as `sacct -X` lists it.
    struct Job {
        var id: String
        var account: String
        var partition: String
        var cpus: Int
        /// Elapsed, read from sacct's [D-]HH:MM:SS.
        var seconds: Int
        var end: Int?
        var state: String
    }

    static func jobs(_ cluster: SlurmCluster) throws -> [Job] {
        let out = try cluster.run(["SLURM_TIME_FORMAT=%s", "sacct", "-a", "-X", "-n", "--parsable2",
                                   "--format=JobID,Account,Partition,AllocCPUS,Elapsed,End,State", "--starttime=now-1days"])
        guard out.status == 0 else { throw CLI.Failure("sacct failed: \(out.output)") }
        return try out.output.split(separator: "\n").map { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, let cpus = Int(f[3]), let seconds = elapsed(f[4]) else { throw CLI.Failure("unexpected sacct line \(line)") }
            return Job(id: f[0], account: f[1], partition: f[2], cpus: cpus, seconds: seconds, end: Int(f[5]),
                       state: f[6].split(separator: " ").first.map(String.init) ?? "")
        }
    }

    /// `[D-]HH:MM:SS` → seconds.
    static func elapsed(_ text: String) -> Int? {
        let dayParts = text.split(separator: "-")
        let days = dayParts.count == 2 ? Int(dayParts[0]) : 0
        let clock = dayParts.last!.split(separator: ":").compactMap { Int($0) }
        guard let days, clock.count == 3 else { return nil }
        return ((days * 24 + clock[0]) * 60 + clock[1]) * 60 + clock[2]
    }

    /// List = CPU-seconds × multiplier × rate / 3600; billed = that × (100 − subsidy) / 100; each rounded once, half up.
    static func expectedCharges(_ cpuSeconds: [Key: Int]) throws -> [Key: Charge] {
        try cpuSeconds.reduce(into: [:]) { out, entry in
            let p = try #require(partitions[entry.key.partition])
            let exactList = entry.value * p.multiplier * centsPerSU  // over 3600
            out[entry.key] = Charge(list: rounded(exactList, 3600), billed: rounded(exactList * (100 - p.subsidyPercent), 360_000))
        }
    }

    static func rounded(_ numerator: Int, _ denominator: Int) -> Int { (2 * numerator + denominator) / (2 * denominator) }

    /// The period (YYYY-MM) of an instant in a zone.
    static func period(of epoch: Int, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let c = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        return String(format: "%04d-%02d", c.year!, c.month!)
    }

    /// A zone in which now is more than three hours from the start or end of a month, so the
    /// jobs start and end in one month (the three zones' month ends are 12 hours apart),
    /// and the month it is there.
    static func zoneAwayFromAMonthBoundary(_ now: Date) -> (zone: String, period: String) {
        for name in ["UTC", "Etc/GMT-12", "Etc/GMT+12"] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: name)!
            let month = calendar.dateInterval(of: .month, for: now)!
            if now.timeIntervalSince(month.start) > 3 * 3600 && month.end.timeIntervalSince(now) > 3 * 3600 {
                return (name, period(of: Int(now.timeIntervalSince1970), zone: name))
            }
        }
        fatalError("unreachable: month ends in these zones are 12 hours apart")
    }

    /// The site's folder of a PI's pages.
    static func piFolder(_ site: String, _ email: String) throws -> String {
        let local = String(email.split(separator: "@")[0])
        let names = try FileManager.default.contentsOfDirectory(atPath: site + "/pi").filter { $0.hasPrefix(local + "_") }
        guard names.count == 1 else { throw CLI.Failure("no single PI folder for \(email) in \(site)/pi") }
        return site + "/pi/" + names[0]
    }

    /// 12345 → "123.45".
    static func amount(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, cents % 100) }

    /// 123456 → "USD 1,234.56", as the pages show money.
    static func money(_ cents: Int) -> String {
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return "USD " + whole + grouped + String(format: ".%02d", cents % 100)
    }

    /// "59.66", "59.660", "59.6600000" → 5966; anything finer than a cent is an error.
    static func cents(_ text: String?) throws -> Int {
        let parts = (text ?? "").split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]) else { throw CLI.Failure("not an amount: \(text ?? "nil")") }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.dropFirst(2).allSatisfy({ $0 == "0" }), let f = Int((fraction + "00").prefix(2)) else {
            throw CLI.Failure("not a whole number of cents: \(text ?? "nil")")
        }
        return whole * 100 + f
    }
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
