import ChargebackCore
import Foundation
import GRDB

/// `import-legacy`: a legacy billing.db into our ledger, top to bottom:
/// read (read-only, unchanged) → plan (our records) → write (one transaction,
/// checked before commit) → report. A dry run writes into a scratch copy of
/// the destination and throws it away: the destination is not even opened
/// for writing (no migration, no file created).
public struct LegacyImportRun: Sendable {
    public struct Request: Sendable {
        public var legacyPath: String
        public var destination: LegacyDestination
        public var tagMapping: TagMapping
        public var actor: String
        public var dryRun: Bool
        /// The legacy server's zone, for its local times (`LegacyTimestamp`).
        public var timeZone: TimeZone

        public init(legacyPath: String, destination: LegacyDestination, tagMapping: TagMapping, actor: String, dryRun: Bool,
                    timeZone: TimeZone = .current) {
            self.legacyPath = legacyPath
            self.destination = destination
            self.tagMapping = tagMapping
            self.actor = actor
            self.dryRun = dryRun
            self.timeZone = timeZone
        }
    }

    public init() {}

    public func run(_ request: Request) throws -> LegacyImportReport {
        let (ledger, origin) = try LegacyLedgerFile.read(request.legacyPath, timestamps: LegacyTimestamp(zone: request.timeZone))
        let (plan, warnings) = try LegacyPlanBuilder(ledger: ledger, origin: origin, tagMapping: request.tagMapping).build()
        try refuseLegacyDestination(request.destination.path)
        let outcome: LegacyLedgerWriter.Outcome
        if request.dryRun {
            outcome = try withScratchCopy(of: request.destination.path) { store in
                try LegacyLedgerWriter(store: store).write(plan, actor: request.actor, commit: false)
            }
        } else {
            outcome = try writeRemovingNewLedgerOnFailure(request.destination.path) { store in
                try LegacyLedgerWriter(store: store).write(plan, actor: request.actor, commit: true)
            }
        }
        var report = LegacyImportReport(outcome: .dryRun, legacyPath: origin.path, legacySHA256: origin.sha256,
                                        schemaVersion: origin.schemaVersion, destination: request.destination,
                                        timeZone: origin.timeZone)
        switch outcome {
        case .alreadyImported(let previous):
            report.outcome = .alreadyImported(previous)
            return report
        case .written(let run, let periods, let committed):
            report.outcome = committed ? .imported(run: run) : .dryRun
            fill(&report, ledger: ledger, plan: plan, periods: periods)
        }
        report.warnings = warnings
        return report
    }

    /// Our ledger must not be a legacy file (the user's other billing.db).
    private func refuseLegacyDestination(_ path: String) throws {
        if case .legacyLedger = try SQLiteFile.kind(of: path) {
            throw LegacyLedgerError.destinationIsLegacyLedger(path)
        }
    }

    /// Runs `body` on the ledger at `path`; when that ledger was made just now
    /// and `body` fails, it is removed again: a refused import leaves no file behind.
    private func writeRemovingNewLedgerOnFailure<T>(_ path: String, _ body: (LedgerStore) throws -> T) throws -> T {
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            return try body(try LedgerStore(path: path))
        } catch {
            if !existed {
                for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
            }
            throw error
        }
    }

    /// Runs `body` on a scratch ledger: a copy of `path` when it is a ledger
    /// (made through SQLite's backup from a read-only connection), else a new
    /// one; the scratch folder is removed afterwards.
    private func withScratchCopy<T>(of path: String, _ body: (LedgerStore) throws -> T) throws -> T {
        let folder = NSTemporaryDirectory() + "openchargeback-import-legacy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scratch = folder + "/" + LegacyDestination.defaultName
        if case .ledger = try SQLiteFile.kind(of: path) {
            let source = try SQLiteFile.openReadOnly(path)
            let copy = try DatabaseQueue(path: scratch)
            try source.backup(to: copy)
            try copy.close()
            try source.close()
        }
        return try body(try LedgerStore(path: scratch))
    }

    private func fill(_ report: inout LegacyImportReport, ledger: LegacyLedger, plan: LegacyImportPlan,
                      periods: [LegacyLedgerWriter.PeriodResult]) {
        let legacyIDs = Dictionary(uniqueKeysWithValues: ledger.periods.map { ($0.period, $0.id) })
        for result in periods {
            let r = result.reconcile
            let sums = legacyIDs[result.period].flatMap { ledger.sums[$0] } ?? .init(notRejected: .zero, rejected: .zero)
            report.periods.append(.init(
                period: result.period, status: result.status, charges: r.accountedFor.rows, rejected: r.rejected.rows,
                awaitingReview: r.awaitingReview.rows, billedNotRejected: r.onStatements.billed + r.awaitingReview.billed,
                billedRejected: r.rejected.billed, legacyNotRejected: sums.notRejected, legacyRejected: sums.rejected,
                reconciles: r.balances))
            let ours = Dictionary(result.statements.map { (Self.statementKey($0.piEmail, $0.projectId), $0.totals.billed) },
                                  uniquingKeysWith: { a, _ in a })
            for s in plan.statements where s.record.period == result.period.description {
                report.statements.append(.init(period: result.period, piEmail: s.record.piEmail, projectId: s.record.projectId,
                                               legacy: Money(nanos: s.record.totalNanos),
                                               ours: ours[Self.statementKey(s.record.piEmail, s.record.projectId)]))
            }
        }
        report.renamedSources = plan.sources.filter { $0.name != $0.legacyName }.map { ($0.legacyName, $0.name) }
        report.counts = .init(sources: plan.sources.count, imports: plan.imports.count, statements: plan.statements.count,
                              notifications: plan.notifications.count, journalExports: plan.journalExports.count,
                              reviewLogs: ledger.reviewLogs.count, events: plan.events.count, users: ledger.users)
        report.money = ledger.money
    }

    /// PIs are matched case-insensitively, as on our statements.
    private static func statementKey(_ pi: String, _ project: String) -> String { pi.lowercased() + "\u{1F}" + project }
}
