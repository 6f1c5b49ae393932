import Foundation
@testable import ChargebackCore

/// A throwaway folder with a ledger and helpers to write FOCUS files into it.
final class TestLedger {
    let folder: String
    let store: LedgerStore
    var config: AppConfig

    /// The default clock stands still; `SteppingClock` moves a second per timestamp.
    init(configYAML: String = TestLedger.defaultConfig,
         clock: LedgerClock = LedgerClock { Date(timeIntervalSince1970: 1_790_000_000) }) throws {
        folder = NSTemporaryDirectory() + "ocb-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configPath = folder + "/config.yaml"
        try configYAML.write(toFile: configPath, atomically: true, encoding: .utf8)
        config = try ConfigLoader.load(path: configPath, environment: [:]).config
        store = try LedgerStore(path: config.database.path, clock: clock)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    static let defaultConfig = """
        currency: USD
        database:
          path: ./ledger.sqlite
        review:
          fund_org_patterns: ['^\\d{6}-\\d{4}$']
          flag_patterns: ['(?i)marketplace']
        imports:
          known_sources:
            - name: aws
              pattern: '^aws[_-].*\\.csv$'
            - name: hpc
              pattern: '^hpc[_-].*\\.csv$'
        output:
          rejects_dir: ./rejects
        """

    static let header = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags"

    /// A FOCUS row with sensible defaults; `tags` is the JSON object text.
    static func row(period: String = "2026-10", day: String = "01", service: String = "Compute", resource: String = "r-1",
                    name: String = "vm", list: String = "10.00", contracted: String = "8.50", billed: String = "8.50",
                    currency: String = "USD", description: String = "usage", tags: String = #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"123456-1000"}"#) -> String {
        let cells = ["\(period)-01", "", "\(period)-\(day)", "", currency, service, "Usage", description, resource, name, "",
                     list, contracted, billed, billed, tags]
        return cells.map(csv).joined(separator: ",")
    }

    static func csv(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    @discardableResult
    func file(_ name: String, _ rows: [String], header: String = TestLedger.header) throws -> String {
        let path = folder + "/" + name
        try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    final class ErrorLog: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [InputError] = []
        func add(_ e: InputError) { lock.lock(); items.append(e); lock.unlock() }
        var all: [InputError] { lock.lock(); defer { lock.unlock() }; return items }
    }

    func ingest(_ files: [String], source: String? = "aws", period: String? = nil, dryRun: Bool = false,
                skipInvalid: Bool = false, errors: ErrorLog = ErrorLog(), actor: String = "tester") throws -> IngestReport {
        let request = IngestRequest(files: files, source: source, period: period.flatMap(BillingPeriod.init), dryRun: dryRun,
                                    skipInvalid: skipInvalid, actor: actor, rejectsDirectory: config.output.rejectsDir)
        return try IngestRun(store: store, rules: IngestRules(config: config), events: IngestEvents(inputError: { errors.add($0) })).run(request)
    }

    func count(_ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}

import GRDB

/// A ledger clock that moves one second each time it is read, from `start`: every write has its own time.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var next: TimeInterval
    init(start: TimeInterval = 1_790_000_000) { next = start }

    var clock: LedgerClock {
        LedgerClock { [self] in
            lock.lock()
            defer { lock.unlock() }
            next += 1
            return Date(timeIntervalSince1970: next)
        }
    }
}
