import Foundation
import GRDB

/// `ingest`: streams FOCUS files into the ledger in ONE transaction. All files
/// and rows land, or none do (input errors, a closed period, a dry run).
///
/// read (CSVReader) → decode (FocusColumns) → map (ChargeDraft) → flag
/// (FlagRules) → identify (ChargeIdentity) → write (ChargeWriter).
public struct IngestRun {
    let store: LedgerStore
    let rules: IngestRules
    let events: IngestEvents
    /// How many new identity keys are held before a sorted write (tests use
    /// small runs). A million keys (28 MB, 16 MB more to sort them): a file of
    /// up to a million rows goes into the key table as one sorted append;
    /// runs of 2^18 interleaved through the whole table, and writing the keys
    /// took 22 % of the writing thread instead of 15 % (narrow bench file).
    var freshKeysRun = 1 << 20

    public init(store: LedgerStore, rules: IngestRules, events: IngestEvents = IngestEvents()) {
        self.store = store
        self.rules = rules
        self.events = events
    }

    public func run(_ request: IngestRequest) throws -> IngestReport {
        var report = IngestReport()
        report.dryRun = request.dryRun
        let sources = try request.files.map { try sourceName(for: $0, request: request) }
        try store.queue.writeWithoutTransaction { db in
            try db.inTransaction {
                try InsertGuardSuspension.lift(db)
                let writer = try ChargeWriter(db: db, store: store, actor: request.actor, freshKeysRun: freshKeysRun)
                var identities = ChargeIdentity()
                var cache = FlagCache()
                var rejects = RejectsFiles(directory: request.rejectsDirectory, enabled: request.skipInvalid && !request.dryRun)
                for (path, source) in zip(request.files, sources) {
                    try ingestFile(path: path, sourceName: source, request: request, db: db, writer: writer,
                                   identities: &identities, cache: &cache, rejects: &rejects, report: &report)
                }
                // A file-level error (unreadable file, missing columns, broken
                // quoting) fails the run even with --skip-invalid: its rows
                // cannot be accounted for one by one.
                let failed = report.fileErrors > 0 || (report.inputErrors > 0 && !request.skipInvalid)
                if failed || request.dryRun {
                    rejects.discard()
                    return .rollback
                }
                try rejects.finish()
                try InsertGuardSuspension.restore(db)
                report.committed = true
                return .commit
            }
        }
        return report
    }

    /// `-s` as its slug (`-s "Azure Local"` is azure-local), else the one source whose pattern matches the file name.
    private func sourceName(for path: String, request: IngestRequest) throws -> String {
        if let source = request.source {
            let slug = SourceName.slug(source)
            return slug.isEmpty ? source : slug
        }
        let matching = rules.imports.sources(forFile: path)
        if matching.count > 1 { throw IngestError.sourceAmbiguous(file: path, matching: matching.map(\.name)) }
        if let rule = matching.first { return rule.name }
        throw IngestError.sourceNotDetected(file: path, known: rules.imports.knownSources.map(\.name))
    }

    // swiftlint:disable:next function_parameter_count
    private func ingestFile(path: String, sourceName: String, request: IngestRequest, db: Database, writer: ChargeWriter,
                            identities: inout ChargeIdentity, cache: inout FlagCache, rejects: inout RejectsFiles,
                            report: inout IngestReport) throws {
        let known = rules.imports.source(named: sourceName)
        let source = try SourceRegistry(store: store).resolve(db, name: sourceName, displayName: known?.displayName,
                                                             known: known != nil, actor: request.actor)
        let sourceID = source.id ?? 0
        let name = (path as NSString).lastPathComponent
        var line = IngestReport.FileLine(path: path, source: sourceName, sha256: "")

        // Inserted first for its id; the SHA-256 and counts are filled in once
        // the file has been read (the reader hashes as it goes).
        var importRecord = ImportRecord(
            id: nil, sourceId: sourceID, fileName: name, filePath: path, fileSha256: "", fileBytes: 0,
            requestedPeriod: request.period?.description, rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0,
            rowsInvalid: 0, rowsFlagged: 0, billedNanos: 0, rejectsPath: nil, actor: request.actor, importedAt: store.now())
        try importRecord.insert(db)
        let importID = db.lastInsertedRowID
        importRecord.id = importID

        let preparer: RowPreparer
        do {
            preparer = try RowPreparer(path: path, rules: rules, request: request, sourceID: sourceID, events: events,
                                       errorsBefore: report.inputErrors, identities: identities, cache: cache, rejects: rejects)
        } catch {
            fileError(error, &report)
            report.files.append(line)
            return
        }

        writer.beginFile()
        // Reading and preparing rows runs on a second thread; this one writes.
        let queue = PreparedChargeQueue()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            preparer.run(into: queue)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()

        var tally = FileTally(fileName: name)
        var checkedPeriods: Set<BillingPeriod> = []
        var outcomes: [ChargeWriter.Outcome] = []
        var writeError: (any Error)?
        do {
            while let batch = queue.take() {
                for i in batch.charges.indices where !checkedPeriods.contains(batch.charges[i].draft.period) {
                    try checkPeriodAcceptsImports(db, batch.charges[i].draft.period, actor: request.actor)
                    checkedPeriods.insert(batch.charges[i].draft.period)
                }
                try writer.write(batch, sourceID: sourceID, importID: importID, outcomes: &outcomes)
                batch.withCharges { charges in
                    guard let first = charges.baseAddress else { return }
                    for i in charges.indices { tally.record(first + i, outcomes[i], &line) }
                }
                queue.recycle(batch)
            }
            try writer.finishFile()
        } catch {
            queue.cancel()
            writeError = error
        }
        done.wait()
        identities = preparer.identities
        cache = preparer.cache
        rejects = preparer.rejects
        if let writeError { throw writeError }
        let preparedTally = preparer.tally
        let digest = preparer.fileDigest
        line.sha256 = digest.hex
        importRecord.fileSha256 = digest.hex
        importRecord.fileBytes = digest.bytes
        line.rowsRead = preparedTally.rowsRead
        line.invalid = preparedTally.invalid
        report.inputErrors += preparedTally.inputErrors
        if preparedTally.fileError != nil { report.fileErrors += 1 }

        line.rejectsPath = rejects.path(for: path)
        importRecord.rowsRead = line.rowsRead
        importRecord.rowsInserted = line.inserted
        importRecord.rowsUpdated = line.updated
        importRecord.rowsUnchanged = line.unchanged
        importRecord.rowsInvalid = line.invalid
        importRecord.rowsFlagged = line.flagged
        importRecord.billedNanos = try line.billed.money().nanos
        importRecord.rejectsPath = line.rejectsPath
        try importRecord.update(db)
        for (period, p) in tally.all.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: """
                INSERT INTO import_periods (import_id, period, rows_read, rows_inserted, rows_updated, rows_unchanged,
                    rows_flagged, billed_nanos, flagged_nanos, billed_delta_nanos) VALUES (?,?,?,?,?,?,?,?,?,?)
                """, arguments: [importID, period.description, p.rows, p.inserted, p.updated, p.unchanged, p.flaggedRows,
                                 try p.billed.money().nanos, try p.flagged.money().nanos, try p.billedDelta.money().nanos])
            let index = report.period(period)
            report.periods[index].rows += p.rows
            report.periods[index].inserted += p.inserted
            report.periods[index].updated += p.updated
            report.periods[index].unchanged += p.unchanged
            report.periods[index].billed.add(p.billed)
            report.periods[index].flaggedRows += p.flaggedRows
            report.periods[index].flagged.add(p.flagged)
            report.periods[index].billedDelta.add(p.billedDelta)
        }
        try store.audit(db, actor: request.actor, action: "import", period: request.period, entity: "import", entityID: String(importID),
                        details: "\(name) source=\(sourceName) sha256=\(digest.hex) rows=\(line.rowsRead) inserted=\(line.inserted) updated=\(line.updated) unchanged=\(line.unchanged) invalid=\(line.invalid)")
        report.files.append(line)
    }

    private func checkPeriodAcceptsImports(_ db: Database, _ period: BillingPeriod, actor: String) throws {
        if let existing = try PeriodRecord.fetchOne(db, key: period.description) {
            switch existing.status {
            case .open: return
            case .closed: throw LedgerError.periodClosed(period)
            case .finalized: throw LedgerError.periodFinalized(period)
            }
        }
        try PeriodWorkflow(store: store).ensureOpen(db, period, actor: actor)
    }

    private func fileError(_ error: InputError, _ report: inout IngestReport) {
        report.inputErrors += 1
        report.fileErrors += 1
        events.inputError(error)
    }
}

public enum IngestError: Error, Equatable, CustomStringConvertible {
    case sourceNotDetected(file: String, known: [String])
    case sourceAmbiguous(file: String, matching: [String])

    public var description: String {
        switch self {
        case .sourceAmbiguous(let file, let matching):
            return "\(file): the file name matches the patterns of sources \(matching.joined(separator: ", ")); give the source with -s SOURCE"
        case .sourceNotDetected(let file, let known):
            return "\(file): cannot tell the source from the file name; give it with -s SOURCE"
                + (known.isEmpty ? "" : " (known sources: \(known.joined(separator: ", ")))")
        }
    }
}
