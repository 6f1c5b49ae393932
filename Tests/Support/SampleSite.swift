import ChargebackCore
import Foundation
import ChargebackSite

/// The bundled sample data in a throwaway ledger, with config.example.yaml's
/// rules, and helpers to build its site and read the pages back.
package final class SampleSite {
    /// Tests/Support/SampleSite.swift → the checkout's root.
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    package let folder: String
    package let store: LedgerStore
    package var config: AppConfig

    /// `fundOrgOf` replaces (or with nil removes) a known source's fund/org from config.example.yaml.
    package init(periods: [String] = ["2026-09", "2026-10"], extraConfig: String = "", fundOrgOf: [String: String?] = [:]) throws {
        folder = NSTemporaryDirectory() + "ocb-site-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var yaml = try String(contentsOf: Self.root.appendingPathComponent("config.example.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "./demo/", with: "./")
            .replacingOccurrences(of: "./sample_data/", with: Self.root.path + "/sample_data/") + "\n" + extraConfig
        let creditFunds = ["aws": "100000-9100", "azure": "100000-9200", "hpc": "100000-9300", "storage": "100000-9400"]
        for (source, fundOrg) in fundOrgOf {
            let line = "      fund_org: \"\(creditFunds[source] ?? "")\"\n"
            precondition(yaml.contains(line), "config.example.yaml changed: no \(line)")
            yaml = yaml.replacingOccurrences(of: line, with: fundOrg.map { "      fund_org: \"\($0)\"\n" } ?? "")
        }
        let configPath = folder + "/config.yaml"
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        config = try ConfigLoader.load(path: configPath, environment: [:]).config
        let clock = TickingClock()
        store = try LedgerStore(path: config.database.path, clock: LedgerClock { clock.tick() })
        for period in periods {
            let files = ["aws", "azure", "hpc", "storage"].map { Self.root.appendingPathComponent("sample_data/\($0)_\(period).csv").path }
            _ = try ingest(files, period: period)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @discardableResult
    package func ingest(_ files: [String], period: String, source: String? = nil) throws -> IngestReport {
        let request = IngestRequest(files: files, source: source, period: BillingPeriod(period), actor: "tester",
                                    rejectsDirectory: config.output.rejectsDir)
        return try IngestRun(store: store, rules: IngestRules(config: config)).run(request)
    }

    /// Writes a FOCUS file into the scratch folder.
    package func focusFile(_ name: String, rows: [[String]]) throws -> String {
        let header = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags"
        let lines = rows.map { $0.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") }
        let path = folder + "/" + name
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Rejects the flagged charges with one of `rejecting`'s reasons, approves the rest, then closes the period.
    package func closeAfterReview(_ period: String, rejecting: [String] = []) throws {
        guard let p = BillingPeriod(period) else { return }
        let queue = ReviewQueue(store: store)
        for reason in rejecting {
            let ids = try queue.pending(.init(period: p, reason: reason)).map(\.id)
            if !ids.isEmpty { _ = try queue.reject(ids: ids, note: "no fund to bill", actor: "tester") }
        }
        _ = try ReviewQueue(store: store).approve(ids: [], period: p, note: "checked", actor: "tester")
        try PeriodWorkflow(store: store).close(p, actor: "tester")
    }

    package var site: String { folder + "/site" }

    @discardableResult
    package func build(out: String? = nil, force: Set<BillingPeriod> = [], environment: [String: String] = [:]) throws -> SiteBuildSummary {
        try SiteBuild(store: store, config: config, options: SiteBuildOptions(out: out ?? site, forcePeriods: force, jobs: 2),
                      environment: environment).run()
    }

    package func page(_ path: String, in root: String? = nil) throws -> String {
        try String(contentsOfFile: (root ?? site) + "/" + path, encoding: .utf8)
    }

    /// Every file of a built site, relative path → bytes.
    package static func files(_ root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDirectory), !isDirectory.boolValue { out[rel] = FileManager.default.contents(atPath: root + "/" + rel) }
        }
        return out
    }
}

/// Ledger time that moves a minute per reading: builds stay deterministic.
package final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1_790_000_000.0
    package func tick() -> Date { lock.withLock { seconds += 60; return Date(timeIntervalSince1970: seconds) } }
}
