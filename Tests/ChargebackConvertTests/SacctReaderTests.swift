import ChargebackCore
import Testing
@testable import ChargebackConvert

@Suite struct SacctReaderTests {
    static func items(_ path: String) throws -> [SacctReader.Item] {
        let reader = try SacctReader(lines: try LineReader(path: path))
        var out: [SacctReader.Item] = []
        while let item = try reader.next() { out.append(item) }
        return out
    }

    static func items(text: String) throws -> ([SacctReader.Item], [InputError]) {
        let dir = try TempFolder()
        let reader = try SacctReader(lines: try LineReader(path: try dir.write("sacct.txt", text)))
        var out: [SacctReader.Item] = []
        var errors: [InputError] = []
        while true {
            do {
                guard let item = try reader.next() else { break }
                out.append(item)
            } catch {
                errors.append(error)
            }
        }
        return (out, errors)
    }

    /// Output captured from the test cluster (Tests/SlurmSupport): allocations and their batch steps, default time format.
    @Test func realSacctOutput() throws {
        let items = try Self.items(Fixtures.path("slurm/sacct-live.txt"))
        #expect(items.count == 10)
        let jobs = items.compactMap { if case .job(let r) = $0 { r } else { nil } }
        let steps = items.filter { if case .step = $0 { true } else { false } }
        #expect(jobs.count == 5)
        #expect(steps.count == 5)
        #expect(jobs[0] == SacctRecord(jobID: "1", cluster: "ocbtest", account: "ursalab", user: "root", partition: "def", cpus: 1, elapsed: 2,
                                       start: .local(CivilDay(year: 2026, month: 12, day: 7)!, secondOfDay: 47 * 60 + 19),
                                       end: .local(CivilDay(year: 2026, month: 12, day: 7)!, secondOfDay: 47 * 60 + 21),
                                       state: "COMPLETED", line: 2))
        #expect(jobs.map(\.state) == ["COMPLETED", "COMPLETED", "FAILED", "COMPLETED", "CANCELLED"])
        #expect(jobs[1].cpus == 2)
        #expect(jobs[1].partition == "gpu")
    }

    /// The same jobs with SLURM_TIME_FORMAT=%s, as `convert slurm` runs sacct.
    @Test func epochTimes() throws {
        let jobs = try Self.items(Fixtures.path("slurm/sacct-live-epoch.txt")).compactMap { if case .job(let r) = $0 { r } else { nil } }
        #expect(jobs.count == 5)
        #expect(jobs[0].start == .epoch(1_796_604_439))
        #expect(jobs[0].end == .epoch(1_796_604_441))
        #expect(utc.epoch(.local(CivilDay(year: 2026, month: 12, day: 7)!, secondOfDay: 47 * 60 + 19)) == 1_796_604_439)
    }

    @Test func legacyHeaderlessOutput() throws {
        let jobs = try Self.items(Fixtures.path("slurm/sacct-legacy.txt")).compactMap { if case .job(let r) = $0 { r } else { nil } }
        #expect(jobs.map(\.elapsed) == [36_000, 5_400, 600, 93_600])
        #expect(jobs.allSatisfy { $0.start == nil && $0.end == nil })
        #expect(jobs[0].line == 1)
    }

    @Test func elapsedFormsAreReadExactly() {
        #expect(SacctReader.elapsedSeconds("00:00:02") == 2)
        #expect(SacctReader.elapsedSeconds("10:00") == 600)
        #expect(SacctReader.elapsedSeconds("1-02:03:04") == 93_784)
        #expect(SacctReader.elapsedSeconds("12-00:00:00") == 1_036_800)
        #expect(SacctReader.elapsedSeconds("00:01.500") == 1)
        for bad in ["", "1:2:3:4", "1-10:00", "ab:cd", "00:61", "-1:00:00", "1-25:00:00"] {
            #expect(SacctReader.elapsedSeconds(bad) == nil, "\(bad)")
        }
    }

    @Test func malformedLinesNameLineAndField() throws {
        let header = SacctReader.fields.joined(separator: "|")
        let (items, errors) = try Self.items(text: """
            \(header)
            1|1|c|acct|u|def|x|10|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            2|2|c|acct|u|def|1|ten|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            3|3|c|acct|u|def|1|10|yesterday|2025-01-01T00:00:10|COMPLETED
            4|4|c|acct|u|def|1|10
            5|5|c|acct|u|def|1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|
            6|6|c|acct|u|def|1|10|2025-02-30T00:00:00|2025-01-01T00:00:10|COMPLETED
            7|7|c|acct|u|def|1|10|2025-01-01T00:00:00|2025-01-01T00:00:10|COMPLETED
            """)
        #expect(items.count == 1)
        #expect(errors.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(errors.map(\.column) == ["AllocCPUS", "ElapsedRaw", "Start", "", "State", "Start"])
        #expect(errors.allSatisfy { $0.file.hasSuffix("sacct.txt") })
        #expect(errors[3].message == "expected 11 fields separated by |, found 8")
    }

    @Test func headerMustNameWhatIsNeeded() throws {
        let dir = try TempFolder()
        let file = try dir.write("s.txt", "JobID|Account|State|Start\n1|a|COMPLETED|None\n")
        do {
            _ = try SacctReader(lines: try LineReader(path: file))
            Issue.record("accepted a header without Partition, AllocCPUS, Elapsed, End")
        } catch {
            #expect(error.line == 1)
            #expect(error.message.contains("Partition, AllocCPUS, ElapsedRaw (or Elapsed), End"))
        }
        #expect(throws: InputError.self) { _ = try SacctReader(lines: try LineReader(path: try dir.write("e.txt", ""))) }
        #expect(throws: InputError.self) { _ = try SacctReader(lines: try LineReader(path: try dir.write("g.txt", "hello world\n"))) }
    }
}
