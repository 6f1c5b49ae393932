import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

@Suite struct StorageTests {
    static let gib: Int128 = 1 << 30

    static func qumulo(_ samples: [String], root: String? = Fixtures.path("qumulo/projects"), period: String = "2025-01",
                       units: ByteUnits = .binary) throws -> (ConvertReport, [String: FocusRow], TempFolder) {
        let dir = try TempFolder()
        let request = StorageConvertRequest(period: BillingPeriod(period)!, units: units, system: .qumulo(
            samples: samples, rates: .file(Fixtures.path("qumulo/rates.json")), projectsRoot: root,
            excludes: [try ConfigRegex("^\\."), try ConfigRegex("^_")]))
        let report = try request.run(into: target(dir, "storage_\(period).csv", period))
        return (report, try FocusReadBack.byResource(report.path), dir)
    }

    /// The legacy Qumulo sample (its samples/output/qumulo_2025-01.csv): four
    /// projects at 2,560, 5,120, 10,240 and 512 GB, $0.05 per GB-month. The
    /// expected amounts are that file's, except bumberly-lab's billed amount:
    /// the sample says 167.25, but its own script's rules give
    /// (5120 − 500) × 0.05 × (1 − 25%) = 173.25 (docs/converters.md).
    @Test func sameChargesAsTheLegacyQumuloSample() throws {
        let (report, rows, _) = try Self.qumulo([Fixtures.path("qumulo/samples-2025-01.csv")])
        #expect(report.rows == 4)
        let expected: [(String, String, String, String)] = [
            ("climate-modeling-storage", "128.00", "103.00", "103.00"),
            ("bumberly-lab-storage", "256.00", "231.00", "173.25"),
            ("wombsworth-genomics-storage", "512.00", "462.00", "462.00"),
            ("pilot-project-storage", "25.60", "25.60", "0.00"),
        ]
        for (resource, list, contracted, billed) in expected {
            let row = try #require(rows[resource])
            #expect(row.listCost == Money(list), "\(resource)")
            #expect(row.contractedCost == Money(contracted), "\(resource)")
            #expect(row.billedCost == Money(billed), "\(resource)")
            #expect(row.serviceName == "Research Storage - Projects")
            #expect(row.resourceName == resource.replacingOccurrences(of: "-storage", with: " Storage"))
        }
        let climate = try #require(rows["climate-modeling-storage"])
        #expect(climate.tags["pi_email"] == "nadia.ferro@northfield.example.edu")
        #expect(climate.tags["cost_center"] == "CC-12345")
        #expect(climate.tags["reference_1"] == "ATM-2024-78901")
        #expect(climate.tags["end_date"] == "2026-06-30")
        #expect(climate.tags["reconciliation_end"] == "2026-09-30")
        #expect(climate.tags["usage_bytes"] == "\(2560 * Self.gib)")
        #expect(rows["pilot-project-storage"]?.tags["reference_1"] == nil)  // "" is absent
        #expect(report.notes.warnings.isEmpty)
        #expect(report.notes.notes.first == "4 directories measured, 31 of 31 nights of 2025-01 sampled")
    }

    /// GB-days: a project that grew mid-month pays its average; missing nights and undescribed folders are said.
    @Test func nightlySamplesAverageOverTheNightsSampled() throws {
        let dir = try TempFolder()
        var csv = "date,path,bytes,host\n"
        for day in 1...10 {  // 10 nights sampled of 31
            let tib = day <= 5 ? 1 : 3  // 1 TiB for five nights, 3 TiB for five: 2 TiB on average
            csv += "2025-01-\(String(format: "%02d", day)),/research_projects/climate-modeling,\(Int128(tib) << 40),qumulo-a\n"
            if day > 6 { csv += "2025-01-\(String(format: "%02d", day)),/research_projects/orphan-lab/,\(4 * (Int128(1) << 40)),qumulo-a\n" }
        }
        csv += "2024-12-31,/research_projects/climate-modeling,999,qumulo-a\n"
        let samples = try dir.write("samples.csv", csv)
        let (report, rows, _) = try Self.qumulo([samples])
        // 2 TiB = 2048 GiB: list 102.40; (2048 − 500) × 0.05 = 77.40.
        #expect(rows["climate-modeling-storage"]?.listCost == Money("102.40"))
        #expect(rows["climate-modeling-storage"]?.billedCost == Money("77.40"))
        // orphan-lab: 4 TiB on 4 of the 10 nights = 1.6 TiB = 1638.4 GiB; no metadata → no PI, default 500 GB free.
        let orphan = try #require(rows["orphan-lab-storage"])
        #expect(orphan.listCost == Money("81.92"))
        #expect(orphan.billedCost == Money("56.92"))
        #expect(orphan.tags["pi_email"] == nil)
        #expect(orphan.tags["project_id"] == "orphan-lab")
        let warnings = report.notes.warnings.joined(separator: "\n")
        #expect(warnings.contains("the samples cover 10 of the 31 nights"))
        #expect(warnings.contains("\"/research_projects/orphan-lab\" has no billing metadata"))
        let notes = report.notes.notes.joined(separator: "\n")
        #expect(notes.contains("1 sample outside 2025-01 (not used)"))
        #expect(notes.contains("3 projects with no sample, no charge: bumberly-lab, pilot-project, wombsworth-genomics"))
    }

    @Test func badSamplesNameTheLine() throws {
        let dir = try TempFolder()
        let samples = try dir.write("s.csv", """
            date,path,bytes
            2025-01-01,/p/climate-modeling,-5
            2025-01-32,/p/climate-modeling,5
            2025-01-02,/p/climate-modeling,1.5
            2025-01-03,,7
            2025-01-04,/p/climate-modeling,100
            2025-01-04,/q/climate-modeling/,100
            """)
        do {
            _ = try Self.qumulo([samples])
            Issue.record("accepted bad samples")
        } catch let error as ConvertFailure {
            #expect(error.errors.map(\.line) == [2, 3, 4, 5, 7])
            #expect(error.errors.map(\.column) == ["bytes", "date", "bytes", "path", "path"])
            #expect(error.errors[0].message == "expected a size of 0 or more bytes, got -5")
            #expect(error.errors[4].message.contains("a second sample of \"climate-modeling\" for 2025-01-04"))
        }
    }

    /// Qumulo's quota status API saved nightly: capacity_usage is a string of bytes, the date is in the file name.
    @Test func quotaStatusJSONFiles() throws {
        let dir = try TempFolder()
        var files: [String] = []
        for day in 1...2 {
            files.append(try dir.write("quotas-2025-01-0\(day).json", """
                {"quotas": [
                  {"id": "3", "path": "/research_projects/wombsworth-genomics/", "limit": "21990232555520", "capacity_usage": "\(10240 * Self.gib)"},
                  {"id": "4", "path": "/research_projects/pilot-project/", "limit": "1099511627776", "capacity_usage": "\(512 * Self.gib)"}
                ], "paging": {"next": ""}}
                """))
        }
        let (_, rows, _) = try Self.qumulo(files)
        #expect(rows["wombsworth-genomics-storage"]?.billedCost == Money("462.00"))
        #expect(rows["pilot-project-storage"]?.listCost == Money("25.60"))
        let undated = try dir.write("quotas.json", "{\"quotas\": []}")
        #expect(throws: ConvertFailure.self) { _ = try Self.qumulo([undated]) }
    }

    @Test func decimalUnitsAreConfigurable() throws {
        let dir = try TempFolder()
        let samples = try dir.write("s.csv", "date,path,bytes\n2025-01-01,/p/climate-modeling,2000000000000\n")
        let (_, binary, _) = try Self.qumulo([samples])
        let (_, decimal, _) = try Self.qumulo([samples], units: .decimal)
        // 2 × 10^12 bytes: 1862.645… GiB at 0.05 = 93.13; 2000 GB at 0.05 = 100.00.
        #expect(binary["climate-modeling-storage"]?.listCost == Money("93.13"))
        #expect(decimal["climate-modeling-storage"]?.listCost == Money("100.00"))
        #expect(decimal["climate-modeling-storage"]?.billedCost == Money("75.00"))
    }

    @Test func isilonQuotaList() throws {
        let dir = try TempFolder()
        let request = StorageConvertRequest(period: BillingPeriod("2025-01")!, units: .binary, system: .isilon(
            quotas: Fixtures.path("isilon/quotas.json"), rates: .file(Fixtures.path("isilon/rates.json")),
            projects: .file(Fixtures.path("isilon/projects.json")), usageField: "logical"))
        let report = try request.run(into: target(dir, "storage_2025-01.csv", "2025-01"))
        let rows = try FocusReadBack.byResource(report.path)
        #expect(report.rows == 3)
        // 1.5 TiB at 10 per TiB-month: 15.00; (1536 − 500) / 1024 × 10 = 10.1171875 → 10.12.
        #expect(rows["ursa-lab-storage"]?.listCost == Money("15.00"))
        #expect(rows["ursa-lab-storage"]?.billedCost == Money("10.12"))
        #expect(rows["ursa-lab-storage"]?.tags["storage_path"] == "/ifs/research/ursa-lab")
        // 400 GiB, under the free 500: list 3.90625 → 3.91, billed 0 (the path was written with a trailing slash in projects.json).
        #expect(rows["wren-genomics-storage"]?.listCost == Money("3.91"))
        #expect(rows["wren-genomics-storage"]?.billedCost == Money("0.00"))
        #expect(rows["wren-genomics-storage"]?.tags["pi_email"] == "jo.wren@northfield.example.edu")
        // Not in projects.json: the legacy script dropped it; here it is billed without a PI.
        #expect(rows["old-project-storage"]?.listCost == Money("20.00"))
        #expect(rows["old-project-storage"]?.tags["pi_email"] == nil)
        let notes = report.notes.notes.joined(separator: "\n")
        #expect(notes.contains("1 user quota not billed"))
        #expect(notes.contains("1 using no space, no charge: /ifs/research/empty-lab"))
        #expect(report.notes.warnings.contains { $0.contains("/ifs/research/old-project") })
    }

    @Test func isilonNegativeSizeAndMissingFieldNameThePlace() throws {
        let dir = try TempFolder()
        let quotas = try dir.write("q.json", """
            {"quotas": [
              {"path": "/ifs/a", "type": "directory", "usage": {"logical": -1}},
              {"path": "/ifs/b", "type": "directory", "usage": {"physical": 10}},
              {"path": "/ifs/c", "type": "directory", "usage": {"logical": "12x"}}
            ]}
            """)
        let request = StorageConvertRequest(period: BillingPeriod("2025-01")!, units: .binary, system: .isilon(
            quotas: quotas, rates: .file(Fixtures.path("isilon/rates.json")), projects: nil, usageField: "logical"))
        do {
            _ = try request.run(into: target(dir, "out.csv", "2025-01"))
            Issue.record("accepted bad quotas")
        } catch {
            #expect(error.errors.map(\.line) == [2, 3, 4])
            #expect(error.errors[0].column == "quotas[0].usage.logical")
            #expect(error.errors[0].message == "expected a size in bytes of 0 or more, got -1")
            #expect(error.errors[1].message.contains("missing usage.logical"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out.csv"))
    }

    @Test func tiersFreeAllowanceSubsidyAndCredit() throws {
        let tib = Exact(1 << 40)
        let rate = try Exact(10) / tib
        var rates = StorageRates(serviceName: "S", rate: rate, tiers: [
            .init(upToBytes: tib, rate: try Exact(6) / tib),
            .init(upToBytes: try Exact(10) * tib, rate: rate),
            .init(upToBytes: nil, rate: try Exact(8) / tib),
        ], freeBytes: try Exact(decimal: "0.5") * tib, units: .binary)
        // 12.5 TiB: list 125; billable 12 TiB = 1 × 6 + 9 × 10 + 2 × 8 = 112.
        var a = try rates.amounts(bytes: try Exact(decimal: "12.5") * tib, days: 31)
        #expect(a == ChargeAmounts(list: Money("125.00"), contracted: Money("112.00"), billed: Money("112.00")))
        rates.subsidyPercent = Exact(25)
        rates.dailyCredit = try Exact(decimal: "0.50")
        a = try rates.amounts(bytes: try Exact(decimal: "12.5") * tib, days: 31)
        #expect(a.billed == Money("68.50"))  // 112 × 0.75 − 31 × 0.50
        rates.dailyCredit = Exact(100)
        #expect(try rates.amounts(bytes: tib, days: 31).billed == .zero)  // never below zero
    }

    @Test func settingsErrorsAndWarnings() throws {
        var warnings: [String] = []
        let rates = try JSONDocument.parse("{\"monthlyRatePerGB\": 0.05, \"colour\": \"blue\", \"tiers\": [{\"upToTB\": 1, \"monthlyRatePerGB\": 0.07}]}", file: "rates.json")
        do {
            _ = try StorageSettings.qumuloRates(rates, units: .binary, warnings: &warnings)
            Issue.record("a tier above the standard rate")
        } catch {
            #expect(error.column == "tiers[0]")
        }
        let ok = try JSONDocument.parse("{\"monthlyRatePerGB\": 0.05, \"colour\": \"blue\"}", file: "rates.json")
        let r = try StorageSettings.qumuloRates(ok, units: .binary, warnings: &warnings)
        #expect(r.freeBytes == Exact(500 << 30))
        #expect(warnings == ["rates.json:1: colour: unknown key \"colour\" (ignored)"])
        let missing = try JSONDocument.parse("{\"serviceName\": \"x\"}", file: "rates.json")
        #expect(throws: InputError.self) { try StorageSettings.isilonRates(missing, units: .binary, warnings: &warnings) }
    }

    @Test func inactiveAndExcludedFolders() throws {
        let dir = try TempFolder()
        try dir.write("root/lab-a/.openchargeback.json", "{\"pi_email\": \"a@x.edu\", \"project_id\": \"lab-a\", \"fund_org\": \"F\", \"active\": false}")
        try dir.write("root/_scratch/keep", "")
        try dir.write("root/lab-b/.openchargeback.json", "{\"pi_email\": \"b@x.edu\", \"project_id\": \"lab-b\", \"free_gb\": -3}")
        let samples = try dir.write("s.csv", "date,path,bytes\n2025-01-01,/r/lab-a,\(Int128(1) << 40)\n")
        do {
            _ = try Self.qumulo([samples], root: dir.path + "/root")
            Issue.record("accepted a negative free_gb")
        } catch let error as ConvertFailure {
            #expect(error.errors.first?.file.hasSuffix("lab-b/.openchargeback.json") == true)
            #expect(error.errors.first?.column == "free_gb")
        }
        try dir.write("root/lab-b/.openchargeback.json", "{\"pi_email\": \"b@x.edu\", \"project_id\": \"lab-b\"}")
        let (report, rows, _) = try Self.qumulo([samples], root: dir.path + "/root")
        #expect(rows.isEmpty)
        #expect(report.notes.notes.contains { $0.contains("1 inactive (active: false), not billed: lab-a") })
        #expect(report.notes.notes.contains { $0.contains("1 project with no sample, no charge: lab-b") })
    }
}
