import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

/// The legacy repository's own files (its configs, sample inputs and the
/// outputs its scripts wrote), where this machine has them. CI's clone does
/// not: the suite is then reported as skipped, with the reason.
enum LegacyFiles {
    static let root = "/work/shared/legacy/integrations"
    static var available: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }
    static func path(_ name: String) -> String { root + "/" + name }

    /// A legacy output CSV: ResourceId → (ListCost, BilledCost, Tags).
    static func output(_ name: String) throws -> [String: (list: Money, billed: Money, tags: FocusTags)] {
        let reader = try CSVReader(path: path(name))
        _ = try reader.next()
        let header = reader.strings
        var out: [String: (list: Money, billed: Money, tags: FocusTags)] = [:]
        while try reader.next() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, reader.strings))
            out[row["ResourceId"]!] = (try Money(parsing: row["ListCost"]!), try Money(parsing: row["BilledCost"]!),
                                       try FocusTags(parsing: row["Tags"]!))
        }
        return out
    }
}

@Suite(.enabled(if: LegacyFiles.available, "the legacy integrations folder (/work/shared/legacy/integrations) is not on this machine"))
struct LegacySamplesTests {
    /// azure-local/samples: the notes sample and tiers.json give the charges of azure-local_2025-01.csv, to the cent.
    @Test func azureLocalSample() throws {
        let dir = try TempFolder()
        let request = VMConvertRequest(period: BillingPeriod("2025-01")!, tiers: .file(LegacyFiles.path("azure-local/config/tiers.json")),
                                       excludePatterns: [], includeOff: false, clock: utc,
                                       inventory: .hyperV(LegacyFiles.path("azure-local/samples/input/vm-notes-metadata.json")))
        let report = try request.run(into: target(dir, "vm.csv", "2025-01"))
        let ours = try FocusReadBack.byResource(report.path)
        let theirs = try LegacyFiles.output("azure-local/samples/output/azure-local_2025-01.csv")
        #expect(Set(ours.keys) == Set(theirs.keys))
        for (vm, legacy) in theirs {
            #expect(ours[vm]?.listCost == legacy.list, "\(vm)")
            #expect(ours[vm]?.billedCost == legacy.billed, "\(vm)")
            for key in ["pi_email", "project_id", "fund_org"] { #expect(ours[vm]?.tags[key] == legacy.tags[key], "\(vm) \(key)") }
        }
    }

    /// qumulo/samples: the projects' .openchargeback.json and rates.json, with each project's use
    /// taken from the sample output's ListCost (the sample ships no usage figures).
    @Test func qumuloSample() throws {
        let theirs = try LegacyFiles.output("qumulo/samples/output/qumulo_2025-01.csv")
        let dir = try TempFolder()
        var csv = "date,path,bytes\n"
        for (resource, legacy) in theirs {
            let gib = try Exact(legacy.list) / (try Exact(decimal: "0.05"))
            #expect(gib.denominator == 1)
            csv += "2025-01-15,/research_projects/\(resource.replacingOccurrences(of: "-storage", with: "")),\(gib.numerator << 30)\n"
        }
        let request = StorageConvertRequest(period: BillingPeriod("2025-01")!, units: .binary, system: .qumulo(
            samples: [try dir.write("samples.csv", csv)], rates: .file(LegacyFiles.path("qumulo/config/rates.json")),
            projectsRoot: LegacyFiles.path("qumulo/samples/input"), excludes: [try ConfigRegex("^\\.")]))
        let report = try request.run(into: target(dir, "storage.csv", "2025-01"))
        let ours = try FocusReadBack.byResource(report.path)
        #expect(Set(ours.keys) == Set(theirs.keys))
        for (resource, legacy) in theirs {
            #expect(ours[resource]?.listCost == legacy.list, "\(resource)")
            for tag in legacy.tags.tags { #expect(ours[resource]?.tags[tag.key] == tag.value, "\(resource) \(tag.key)") }
            if resource == "bumberly-lab-storage" {
                // The sample says 167.25; the script's rules on its input give (5120 − 500) × 0.05 × 0.75 = 173.25.
                #expect(legacy.billed == Money("167.25"))
                #expect(ours[resource]?.billedCost == Money("173.25"))
            } else {
                #expect(ours[resource]?.billedCost == legacy.billed, "\(resource)")
            }
        }
    }

    /// openai-tokens: the sample export through pricing, projects and subsidies: the v2 script's
    /// costs (credits × 1000 / 20000, rounded), all covered by the provost's cap.
    @Test func openAITokensSample() throws {
        let dir = try TempFolder()
        let request = TokensConvertRequest(period: BillingPeriod("2026-01")!, usage: LegacyFiles.path("openai-tokens/OpenAI ChatGPT Edu billing format.csv"),
                                           pricing: .file(LegacyFiles.path("openai-tokens/pricing.json")),
                                           projects: .file(LegacyFiles.path("openai-tokens/projects.json")),
                                           subsidies: .file(LegacyFiles.path("openai-tokens/subsidies.json")),
                                           statePath: dir.path + "/state.json")
        let report = try request.run(into: target(dir, "openai.csv", "2026-01"))
        let rows = try FocusReadBack.rows(report.path)
        let usage = rows.filter { $0.tags["charge_type"] == "usage" }
        #expect(usage.map { $0.listCost! } == ["0.50", "10.88", "0.50", "0.22", "6.25", "0.36"].map { Money($0) })
        #expect(usage.allSatisfy { $0.billedCost == .zero && $0.tags["fund_org"] == "DEPT-XYZ" })
        #expect(rows.filter { $0.tags["charge_type"] == "subsidy" }.map(\.billedCost) == usage.map { $0.listCost! })
        #expect(report.notes.warnings.isEmpty)
    }

    /// slurm and isilon ship configs but no samples: their files load as they are, without warnings.
    @Test func slurmAndIsilonConfigsLoad() throws {
        var warnings: [String] = []
        let rules = try SlurmRules(tiers: JSONDocument.read(file: LegacyFiles.path("slurm/config/tiers.json")),
                                   accounts: JSONDocument.read(file: LegacyFiles.path("slurm/config/accounts.json")),
                                   grouping: .accountPartition, warnings: &warnings)
        #expect(rules.partitions["gpu-sm"] == .init(multiplier: Exact(20), subsidyPercent: Exact(100), description: "Free-tier GPU"))
        #expect(rules.owner(ofAccount: "bumberlyprj")?.projectId == "bumberly-lab")
        let rates = try StorageSettings.isilonRates(JSONDocument.read(file: LegacyFiles.path("isilon/config/rates.json")), units: .binary, warnings: &warnings)
        #expect(rates.freeBytes == Exact(500 << 30))
        #expect(try rates.amounts(bytes: Exact(1536 << 30), days: 31).list == Money("15.00"))
        let projects = try StorageSettings.isilonProjects(JSONDocument.read(file: LegacyFiles.path("isilon/config/projects.json")), units: .binary, warnings: &warnings)
        #expect(projects["/ifs/research/climate-modeling"]?.owner.fundOrg == "NSF-ATM-2024")
        var vmWarnings: [String] = []
        _ = try VMRules(tiers: JSONDocument.read(file: LegacyFiles.path("azure-local/config/tiers.example.json")), excludePatterns: [],
                        includeOff: false, warnings: &vmWarnings)
        #expect(warnings.isEmpty)
        #expect(vmWarnings.isEmpty)
    }
}
