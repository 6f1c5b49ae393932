import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

/// `convert:` in config.yaml: the legacy JSON files by path, or the same rules inline.
@Suite struct ConvertConfigTests {
    static func load(_ yaml: String, base: String = "/etc/ocb") throws -> LoadedConfig {
        try ConfigLoader.parse(yaml: yaml, file: "config.yaml", baseDirectory: base, environment: ["RATE": "0.01"])
    }

    @Test func defaults() throws {
        let c = try Self.load("currency: USD\n").config.convert
        #expect(c.outputDir == "/etc/ocb/output/converted")
        #expect(c.slurm.source == "hpc")
        #expect(c.slurm.tiers == nil)
        #expect(c.slurm.sacct == "sacct")
        #expect(c.slurm.groupBy == .accountPartition)
        #expect(c.storage.source == "storage")
        #expect(c.storage.unit == .binary)
        #expect(c.storage.isilon.usageField == "logical")
        #expect(c.storage.qumulo.excludePatterns.map(\.source) == ["^\\.", "^_", "^lost\\+found$"])
        #expect(c.vm.source == "vm")
        #expect(c.vm.excludePatterns.map(\.source) == ["^infra-", "^template-"])
        #expect(c.tokens.source == "openai")
    }

    @Test func pathsResolveAgainstTheConfigFolder() throws {
        let c = try Self.load("""
            convert:
              output_dir: converted
              slurm:
                tiers: slurm/tiers.json
                accounts: /srv/billing/accounts.json
                group_by: job
                clusters: [alpha, beta]
                time_zone: America/Chicago
              storage: {unit: decimal, qumulo: {rates: q.json, projects_root: /mnt/projects}}
              tokens: {subsidy_state: state.json}
            """).config.convert
        #expect(c.outputDir == "/etc/ocb/converted")
        #expect(c.slurm.tiers == .file("/etc/ocb/slurm/tiers.json"))
        #expect(c.slurm.accounts == .file("/srv/billing/accounts.json"))
        #expect(c.slurm.groupBy == .job)
        #expect(c.slurm.clusters == ["alpha", "beta"])
        #expect(c.storage.unit == .decimal)
        #expect(c.storage.qumulo.projectsRoot == "/mnt/projects")
        #expect(c.tokens.subsidyState == "/etc/ocb/state.json")
    }

    /// The same rules written inline decode to the same value as the JSON file.
    @Test func inlineRulesEqualTheJSONFile() throws {
        let loaded = try Self.load("""
            convert:
              slurm:
                tiers:
                  serviceName: Cluster Compute
                  partitions:
                    def: {suMultiplier: 1, subsidyPercent: 0, description: Standard CPU}
                    def-sm: {suMultiplier: 1, subsidyPercent: 100, description: Free-tier CPU}
                    gpu: {suMultiplier: 20, subsidyPercent: 0, description: GPU}
                    largemem: {suMultiplier: 10, subsidyPercent: 25, description: High Memory}
                  rates:
                    suRate: ${RATE}
                    unit: per SU
                  billableStates: [COMPLETED, TIMEOUT, OUT_OF_MEMORY]
                  excludeAccounts: [root, admin]
                accounts:
                  accounts:
                    ursaLab: {piEmail: ursa.major@northfield.example.edu, projectId: ursa-lab, fundOrg: "100200-3001"}
                    wren: {piEmail: jo.wren@northfield.example.edu, projectId: wren-genomics, fundOrg: "100200-3002"}
            """)
        #expect(loaded.warnings.isEmpty)
        guard case .inline(let tiers) = loaded.config.convert.slurm.tiers, case .inline(let accounts) = loaded.config.convert.slurm.accounts else {
            Issue.record("not inline")
            return
        }
        var warnings: [String] = []
        let inline = try SlurmRules(tiers: tiers, accounts: accounts, grouping: .accountPartition, warnings: &warnings)
        let file = try SlurmRules(tiers: JSONDocument.read(file: Fixtures.path("slurm/tiers.json")),
                                  accounts: JSONDocument.read(file: Fixtures.path("slurm/accounts.json")),
                                  grouping: .accountPartition, warnings: &warnings)
        #expect(inline == file)
        #expect(warnings.isEmpty)
        #expect(tiers.origin.file == "config.yaml")
    }

    /// An error in inline rules names config.yaml, its line and the key path.
    @Test func inlineErrorsNameLineAndPath() throws {
        let loaded = try Self.load("""
            convert:
              vm:
                tiers:
                  tiers:
                    standard: {annualCost: "twelve hundred"}
                  colour: blue
            """)
        guard case .inline(let node) = loaded.config.convert.vm.tiers else { Issue.record("not inline"); return }
        var warnings: [String] = []
        do {
            _ = try VMRules(tiers: node, excludePatterns: [], includeOff: false, warnings: &warnings)
            Issue.record("a string read as a cost")
        } catch {
            #expect(error.description == #"config.yaml:5: convert.vm.tiers.tiers.standard.annualCost: expected a number, got "twelve hundred""#)
        }
        let ok = try Self.load("convert:\n  vm:\n    tiers:\n      tiers: {standard: {annualCost: 1200}}\n      colour: blue\n")
        guard case .inline(let node2) = ok.config.convert.vm.tiers else { return }
        _ = try VMRules(tiers: node2, excludePatterns: [], includeOff: false, warnings: &warnings)
        #expect(warnings == ["config.yaml:5: convert.vm.tiers.colour: unknown key \"colour\" (ignored)"])
    }

    @Test func badSettingsAreConfigErrors() throws {
        for (yaml, line, path) in [
            ("convert:\n  slurm:\n    group_by: user\n", 3, "convert.slurm.group_by"),
            ("convert:\n  storage:\n    unit: furlongs\n", 3, "convert.storage.unit"),
            ("convert:\n  tokens:\n    source: Open AI\n", 3, "convert.tokens.source"),
            ("convert:\n  vm:\n    exclude_patterns: [\"(\"]\n", 3, "convert.vm.exclude_patterns[0]"),
        ] {
            do {
                _ = try Self.load(yaml)
                Issue.record("accepted \(yaml)")
            } catch let error as ConfigError {
                #expect(error.line == line, "\(yaml)")
                #expect(error.keyPath == path, "\(yaml)")
            }
        }
        let warned = try Self.load("convert:\n  slurm:\n    tiers_file: x.json\n")
        #expect(warned.warnings == ["config.yaml:3: unknown key 'convert.slurm.tiers_file' (ignored)"])
    }

    /// config.example.yaml documents the section and loads without warnings.
    @Test func exampleConfigHasTheSection() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let loaded = try ConfigLoader.load(path: root + "/config.example.yaml", environment: [:])
        #expect(loaded.warnings.isEmpty)
        let c = loaded.config.convert
        #expect(c.slurm.tiers != nil)
        #expect(c.storage.qumulo.rates != nil)
        #expect(c.vm.tiers != nil)
        #expect(c.tokens.pricing != nil)
    }
}
