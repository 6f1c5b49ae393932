import ChargebackCore
import Foundation
import PropertyBased
import Testing
@testable import ChargebackConvert

@Suite struct SlurmBillingTests {
    static func rules(grouping: SlurmRules.Grouping = .accountPartition) throws -> SlurmRules {
        var warnings: [String] = []
        let rules = try SlurmRules(tiers: JSONDocument.read(file: Fixtures.path("slurm/tiers.json")),
                                   accounts: JSONDocument.read(file: Fixtures.path("slurm/accounts.json")),
                                   grouping: grouping, warnings: &warnings)
        #expect(warnings.isEmpty)
        return rules
    }

    static func convert(_ sacct: String, _ period: String = "2025-01", grouping: SlurmRules.Grouping = .accountPartition,
                        clock: LocalClock = utc) throws -> (ConvertReport, [String: FocusRow], TempFolder) {
        let dir = try TempFolder()
        let request = SlurmConvertRequest(period: BillingPeriod(period)!, tiers: .file(Fixtures.path("slurm/tiers.json")),
                                          accounts: .file(Fixtures.path("slurm/accounts.json")), grouping: grouping,
                                          clock: clock, input: .file(sacct))
        let report = try request.run(into: target(dir, "hpc_\(period).csv", period))
        return (report, try FocusReadBack.byResource(report.path), dir)
    }

    @Test func rulesFromTheLegacyFileShape() throws {
        let rules = try Self.rules()
        #expect(rules.serviceName == "Cluster Compute")
        #expect(rules.partitions["gpu"] == .init(multiplier: Exact(20), subsidyPercent: .zero, description: "GPU"))
        #expect(rules.suRate == (try Exact(decimal: "0.01")))
        #expect(rules.billableStates == ["COMPLETED", "TIMEOUT", "OUT_OF_MEMORY"])
        #expect(rules.isExcluded(account: "ROOT"))
        // Slurm lowercases account names; the legacy map is keyed as people wrote them.
        #expect(rules.owner(ofAccount: "ursalab")?.projectId == "ursa-lab")
    }

    /// Every rule on one month of hand-written records (see the fixture): the
    /// expected amounts are worked out in the comments.
    @Test func monthBoundaryStatesAndExclusions() throws {
        let (report, rows, _) = try Self.convert(Fixtures.path("slurm/sacct-boundary.txt"))
        #expect(report.rows == 6)
        // 1001 (4 × 36000) + 1006's January day (2 × 86400) + 1012 (7 × 1000) = 323800 CPU-s = 89.94 core-h → 0.899444 → 0.90
        let ursaDef = try #require(rows["ursalab-def"])
        #expect(ursaDef.chargePeriodStart?.canonical == "2025-01-01")
        #expect(ursaDef.listCost == Money("0.90"))
        #expect(ursaDef.billedCost == Money("0.90"))
        #expect(ursaDef.tags["core_hours"] == "89.944444")
        #expect(ursaDef.tags["jobs"] == "3")
        #expect(ursaDef.tags["pi_email"] == "ursa.major@northfield.example.edu")
        // 1006's December day: billed in January (it ended then), charge period December.
        let ursaDec = try #require(rows["ursalab-def@2024-12-01"])
        #expect(ursaDec.billingPeriodStart.canonical == "2025-01-01")
        #expect(ursaDec.chargePeriodEnd?.canonical == "2025-01-01")
        #expect(ursaDec.listCost == Money("0.48"))
        // 1002 TIMEOUT: 2 × 5400 = 3 core-h × 20 = 60 SU → 0.60; 1003 FAILED is not billed.
        #expect(rows["ursalab-gpu"]?.listCost == Money("0.60"))
        #expect(rows["ursalab-gpu"]?.tags["service_units"] == "60")
        #expect(rows["ursalab-gpu"]?.serviceName == "Cluster Compute - GPU")
        // 1004 OUT_OF_MEMORY: 16 × 7200 = 32 core-h × 10 = 320 SU → 3.20, 25% subsidy → 2.40 (shown as a subsidy).
        let wrenMem = try #require(rows["wren-largemem"])
        #expect(wrenMem.listCost == Money("3.20"))
        #expect(wrenMem.contractedCost == Money("3.20"))
        #expect(wrenMem.billedCost == Money("2.40"))
        // 1013 ended at midnight on 1 February: its last second was in January.
        #expect(rows["wren-def"]?.listCost == Money("0.03"))
        // 1007: unknown account, free tier. Kept, without a PI, so ingest flags it.
        let unknown = try #require(rows["unknownlab-def-sm"])
        #expect(unknown.listCost == Money("0.01"))
        #expect(unknown.billedCost == Money("0.00"))
        #expect(unknown.tags["pi_email"] == nil)
        #expect(unknown.tags["project_id"] == "unknownlab")
        #expect(report.list.nanos == Int128(Money("5.22").nanos))
        #expect(report.billed.nanos == Int128(Money("4.41").nanos))
        let notes = report.notes.notes.joined(separator: "\n")
        #expect(notes.contains("13 jobs read, 7 billed in 2025-01 (1 ran across a month boundary"))
        #expect(notes.contains("2 job steps"))
        #expect(notes.contains("3 jobs not in a billable state (CANCELLED 1, FAILED 1, RUNNING 1)"))
        #expect(notes.contains("1 job of excluded accounts (root 1)"))
        #expect(notes.contains("1 job ended before 2025-01"))
        #expect(notes.contains("1 job ended after 2025-01"))
        #expect(report.notes.warnings.contains { $0.contains("\"unknownlab\" is not in the accounts map") })
    }

    /// The jobs that ended in February are billed in February: nothing billed twice, nothing lost.
    @Test func nextMonthBillsWhatEndedThen() throws {
        let (report, rows, _) = try Self.convert(Fixtures.path("slurm/sacct-boundary.txt"), "2025-02")
        // 1010: 23:30 on 31 January to 00:30 on 1 February: half an hour in each month.
        #expect(report.rows == 2)
        #expect(rows["ursalab-def"]?.tags["core_hours"] == "0.5")
        #expect(rows["ursalab-def@2025-01-01"]?.tags["core_hours"] == "0.5")
    }

    @Test func perJobCharges() throws {
        let (report, rows, _) = try Self.convert(Fixtures.path("slurm/sacct-boundary.txt"), grouping: .job)
        #expect(report.rows == 8)  // 7 jobs, 1006 in two months
        let job = try #require(rows["hpc1:1004"])
        #expect(job.resourceName == "job 1004 (wren, largemem)")
        #expect(job.tags["slurm_user"] == "bo")
        #expect(job.billedCost == Money("2.40"))
        #expect(rows["hpc1:1006"]?.listCost == Money("0.48"))
        #expect(rows["hpc1:1006@2024-12-01"]?.listCost == Money("0.48"))
    }

    @Test func legacyOutputWithoutTimesIsAllInThePeriod() throws {
        let (report, rows, _) = try Self.convert(Fixtures.path("slurm/sacct-legacy.txt"))
        #expect(rows["ursalab-def"]?.listCost == Money("0.40"))
        #expect(rows["ursalab-gpu"]?.listCost == Money("0.60"))
        // 16 × 26 h = 416 core-h × 10 = 4160 SU → 41.60, 25% subsidy → 31.20
        #expect(rows["wren-largemem"]?.listCost == Money("41.60"))
        #expect(rows["wren-largemem"]?.billedCost == Money("31.20"))
        #expect(report.notes.notes.contains { $0.contains("no Start and End") })
    }

    @Test func unknownPartitionIsAnErrorNamingLineAndField() throws {
        let dir = try TempFolder()
        let file = try dir.write("sacct.txt", """
            \(SacctReader.fields.joined(separator: "|"))
            1|1|c|ursalab|u|def|1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            2|2|c|ursalab|u|bigmem|1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            3|3|c|ursalab|u|bigmem|1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|FAILED
            4|4|c|ursalab|u|def|-1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            """)
        do {
            _ = try Self.convert(file)
            Issue.record("converted an unknown partition")
        } catch let error as ConvertFailure {
            #expect(error.errors.count == 2)  // the FAILED job on bigmem is not billed, so not priced
            #expect(error.errors[0].line == 3)
            #expect(error.errors[0].column == "Partition")
            #expect(error.errors[0].message.contains("partition \"bigmem\" has no price"))
            #expect(error.errors[1].line == 5)
            #expect(error.errors[1].column == "AllocCPUS")
            #expect(error.description.hasSuffix("nothing was written: 2 input errors"))
        }
        // --skip-invalid: the good job is converted, the bad lines listed.
        var request = SlurmConvertRequest(period: BillingPeriod("2025-01")!, tiers: .file(Fixtures.path("slurm/tiers.json")),
                                          accounts: nil, grouping: .accountPartition, clock: utc, input: .file(file))
        request.skipInvalid = true
        let report = try request.run(into: target(dir, "out.csv", "2025-01"))
        #expect(report.rows == 1)
        #expect(report.notes.warnings.filter { $0.hasPrefix("skipped (--skip-invalid)") }.count == 2)
    }

    @Test func missingRateIsAnErrorNamingTheFile() throws {
        let dir = try TempFolder()
        let tiers = try dir.write("tiers.json", "{\n  \"partitions\": {\"def\": {\"suMultiplier\": 1}},\n  \"rates\": {\"unit\": \"per SU\"}\n}\n")
        let request = SlurmConvertRequest(period: BillingPeriod("2025-01")!, tiers: .file(tiers), accounts: nil,
                                          grouping: .accountPartition, clock: utc, input: .file(Fixtures.path("slurm/sacct-legacy.txt")))
        do {
            _ = try request.run(into: target(dir, "out.csv", "2025-01"))
            Issue.record("converted without a rate")
        } catch {
            #expect(error.errors.first?.file == tiers)
            #expect(error.errors.first?.line == 3)
            #expect(error.errors.first?.column == "rates.suRate")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out.csv"))
    }

    /// Month boundaries are local midnight; across daylight saving the seconds are real ones.
    @Test func localClockAcrossDaylightSaving() throws {
        let chicago = try #require(LocalClock(identifier: "America/Chicago"))
        let march = CivilDay(year: 2025, month: 3, day: 1)!
        #expect(chicago.start(of: march) == 1_740_808_800)  // 06:00 UTC
        #expect(chicago.day(at: 1_740_808_799) == CivilDay(year: 2025, month: 2, day: 28))
        // 9 March 2025: clocks skip 02:00–03:00; 01:00 to 04:00 local is two real hours.
        let day = CivilDay(year: 2025, month: 3, day: 9)!
        #expect(chicago.epoch(day, secondOfDay: 4 * 3600) - chicago.epoch(day, secondOfDay: 3600) == 7200)
        // A job from 23:00 on 28 February to 01:00 on 1 March (Chicago) splits one hour each side.
        let dir = try TempFolder()
        let file = try dir.write("s.txt", "\(SacctReader.fields.joined(separator: "|"))\n9|9|c|wren|u|def|1|7200|2025-02-28T23:00:00|2025-03-01T01:00:00|COMPLETED\n")
        let (_, rows, _) = try Self.convert(file, "2025-03", clock: chicago)
        #expect(rows["wren-def"]?.tags["core_hours"] == "1")
        #expect(rows["wren-def@2025-02-01"]?.tags["core_hours"] == "1")
    }

    /// The case the property check once found: suspended across midnight, the one second it ran
    /// was in February, so February gets it and March (where it ended) gets nothing.
    @Test func aSuspendedJobsTimeGoesToTheMonthItRanIn() {
        let march = BillingPeriod("2025-03")!
        let midnight = utc.start(of: march.firstDay)
        let parts = SlurmBilling.split(start: midnight - 1, end: midnight + 1, elapsed: 1, period: march, clock: utc)
        #expect(parts.map(\.0) == [BillingPeriod("2025-02")!] && parts.map(\.1) == [1])
    }

    /// For random jobs ending in a month: the parts add up to Elapsed, each
    /// earlier month gets exactly the seconds the job ran in it, and none is negative.
    @Test func splitPartsAddUpToElapsed() async {
        let gen = zip(Gen.int(in: 0...5_000_000), Gen.int(in: 0...2_678_399), Gen.int(in: 0...100))
        await propertyCheck(count: 500, input: gen) { elapsed, endOffset, suspended in
            let march = BillingPeriod("2025-03")!
            let end = utc.start(of: march.firstDay) + Int64(endOffset) + 1
            let runtime = Int64(elapsed)
            let start = end - runtime - Int64(suspended)  // sacct's Elapsed leaves suspended time out
            let parts = SlurmBilling.split(start: start, end: end, elapsed: runtime, period: march, clock: utc)
            #expect(parts.reduce(0) { $0 + $1.1 } == runtime)
            #expect(parts.allSatisfy { $0.1 >= 0 && $0.0 <= march })
            // The ending month gets the rest of Elapsed: nothing when the earlier months' wall time
            // already covers it (a suspended job: Elapsed 1 s over 2 s of wall time across midnight).
            #expect(parts.last?.0 == march || (runtime > 0 && utc.start(of: march.firstDay) - start >= runtime))
            for (month, seconds) in parts.dropLast() {
                let wall = min(end, utc.start(of: month.endDay)) - max(start, utc.start(of: month.firstDay))
                #expect(seconds <= wall)
            }
            if suspended == 0, let first = parts.first, first.0 < march {
                #expect(first.1 == utc.start(of: first.0.endDay) - start)
            }
        }
    }

    /// For random jobs inside the month: each charge is the exact price of
    /// its CPU-seconds rounded once, the subsidy comes off the list price, and
    /// the file's totals are the sums of its charges.
    @Test func pricesReconcileWithTheRules() async {
        let gen = zip(Gen.int(in: 1...128), Gen.int(in: 0...500_000), Gen.int(in: 0...3), Gen.int(in: 0...2)).array(of: 1...50)
        await propertyCheck(count: 40, input: gen) { jobs in
            do {
                let rules = try Self.rules()
                var billing = SlurmBilling(rules: rules, period: BillingPeriod("2025-03")!, clock: utc, hasTimes: true)
                let partitions = ["def", "gpu", "largemem", "def-sm"]
                let accounts = ["ursalab", "wren", "nolab"]
                var cpuSeconds: [String: Int128] = [:]
                let end = utc.start(of: CivilDay(year: 2025, month: 3, day: 20)!)
                for (i, (cpus, elapsed, p, a)) in jobs.enumerated() {
                    let record = SacctRecord(jobID: "\(i)", account: accounts[a], partition: partitions[p], cpus: Int64(cpus),
                                             elapsed: Int64(elapsed), start: .epoch(end - Int64(elapsed)), end: .epoch(end),
                                             state: "COMPLETED", line: i + 2)
                    _ = try billing.add(.job(record), file: "random")
                    cpuSeconds["\(accounts[a])-\(partitions[p])", default: 0] += Int128(cpus) * Int128(elapsed)
                }
                let lines = try billing.finish(file: "random")
                #expect(Set(lines.map(\.resourceId)) == Set(cpuSeconds.keys))
                for line in lines {
                    let rule = rules.partitions[line.sku!]!
                    let list = try Exact(cpuSeconds[line.resourceId]!, over: 3600) * rule.multiplier * rules.suRate
                    #expect(line.list == (try list.roundedToCents()))
                    #expect(line.contracted == line.list)
                    #expect(line.billed == (try (list * (Exact.hundred - rule.subsidyPercent) / Exact.hundred).roundedToCents()))
                    #expect(line.billed <= line.list)
                    #expect((line.owner.piEmail == nil) == line.resourceId.hasPrefix("nolab"))
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
