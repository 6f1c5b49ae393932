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
                let writer = try ChargeWriter(db: db, store: store, actor: request.actor)
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
                report.committed = true
                return .commit
            }
        }
        return report
    }

    private func sourceName(for path: String, request: IngestRequest) throws -> String {
        if let source = request.source { return source }
        let base = (path as NSString).lastPathComponent
        if let rule = rules.knownSources.first(where: { $0.pattern?.matches(base) ?? false }) { return rule.name }
        throw IngestError.sourceNotDetected(file: path, known: rules.knownSources.map(\.name))
    }

    // swiftlint:disable:next function_parameter_count
    private func ingestFile(path: String, sourceName: String, request: IngestRequest, db: Database, writer: ChargeWriter,
                            identities: inout ChargeIdentity, cache: inout FlagCache, rejects: inout RejectsFiles,
                            report: inout IngestReport) throws {
        let known = rules.knownSources.first { $0.name == sourceName }
        let source = try SourceRegistry(store: store).resolve(db, name: sourceName, displayName: known?.displayName,
                                                             known: known != nil, actor: request.actor)
        let sourceID = source.id ?? 0
        let digest = try FileDigest.sha256(path: path)
        let name = (path as NSString).lastPathComponent
        var line = IngestReport.FileLine(path: path, source: sourceName, sha256: digest.hex)

        var importRecord = ImportRecord(
            id: nil, sourceId: sourceID, fileName: name, filePath: path, fileSha256: digest.hex, fileBytes: digest.bytes,
            requestedPeriod: request.period?.description, rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0,
            rowsInvalid: 0, rowsFlagged: 0, billedNanos: 0, rejectsPath: nil, actor: request.actor, importedAt: store.now())
        try importRecord.insert(db)
        let importID = db.lastInsertedRowID
        importRecord.id = importID

        let reader: CSVReader
        let columns: FocusColumns
        let rawHeader: String
        do {
            reader = try CSVReader(path: path, displayName: path)
            guard try reader.next() else {
                throw InputError(file: path, line: 1, column: "", message: "the file is empty: expected a FOCUS header row")
            }
            rawHeader = reader.rawRecord
            columns = try FocusColumns(header: reader, file: path)
        } catch let error as InputError {
            fileError(error, &report)
            report.files.append(line)
            return
        }

        var periodsOfFile: [BillingPeriod: IngestReport.PeriodLine] = [:]
        var checkedPeriods: Set<BillingPeriod> = []
        var lastProgress: Int64 = 0
        let total = reader.fileSize ?? digest.bytes
        do {
            while try reader.next() {
                line.rowsRead += 1
                if reader.bytesRead - lastProgress > 4 << 20 {
                    lastProgress = reader.bytesRead
                    events.progress(path, lastProgress, total)
                }
                let row: FocusRow
                do {
                    row = try columns.decode(reader)
                } catch {
                    rowInvalid(error.errors, reader: reader, header: rawHeader, file: path, line: &line, rejects: &rejects, report: &report)
                    continue
                }
                let draft = ChargeDraft(row: row, line: reader.line, keys: rules.tagKeys)
                if let earliest = rules.earliestPeriod, draft.period < earliest {
                    let error = InputError(file: path, line: reader.line, column: "BillingPeriodStart",
                                           message: "period \(draft.period) is before imports.earliest_period \(earliest)")
                    rowInvalid([error], reader: reader, header: rawHeader, file: path, line: &line, rejects: &rejects, report: &report)
                    continue
                }
                if !checkedPeriods.contains(draft.period) {
                    try checkPeriodAcceptsImports(db, draft.period, actor: request.actor)
                    checkedPeriods.insert(draft.period)
                }
                // After an input error nothing will be committed (unless
                // skipping invalid rows): keep validating, stop writing.
                if report.inputErrors > 0 && !request.skipInvalid { continue }

                let reason = rules.flags.reason(for: draft, requestedPeriod: request.period, cache: &cache)
                let identity = identities.identity(of: draft, sourceID: sourceID)
                let outcome = try writer.write(draft, identity: identity, sourceID: sourceID, importID: importID, flagReason: reason)
                var p = periodsOfFile[draft.period] ?? IngestReport.PeriodLine(period: draft.period)
                p.rows += 1
                p.billed.add(draft.billed)
                if reason != nil {
                    p.flaggedRows += 1
                    p.flagged.add(draft.billed)
                    line.flagged += 1
                }
                line.billed.add(draft.billed)
                switch outcome {
                case .inserted:
                    p.inserted += 1
                    line.inserted += 1
                    p.billedDelta.add(draft.billed)
                case .updated(let previous, let previousFile):
                    p.updated += 1
                    line.updated += 1
                    p.billedDelta.add(draft.billed)
                    p.billedDelta.add(Money(nanos: -previous.nanos))
                    if previousFile != name { line.revisedFromOtherFiles += 1 }
                case .unchanged:
                    p.unchanged += 1
                    line.unchanged += 1
                }
                periodsOfFile[draft.period] = p
            }
        } catch let error as InputError {
            fileError(error, &report)
        }
        events.progress(path, total, total)

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
        for (period, p) in periodsOfFile.sorted(by: { $0.key < $1.key }) {
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

    // swiftlint:disable:next function_parameter_count
    private func rowInvalid(_ errors: [InputError], reader: CSVReader, header: String, file: String,
                            line: inout IngestReport.FileLine, rejects: inout RejectsFiles, report: inout IngestReport) {
        line.invalid += 1
        for error in errors {
            report.inputErrors += 1
            events.inputError(error)
        }
        rejects.reject(file: file, header: header, record: reader.rawRecord, errors: errors)
    }
}

public enum IngestError: Error, Equatable, CustomStringConvertible {
    case sourceNotDetected(file: String, known: [String])

    public var description: String {
        switch self {
        case .sourceNotDetected(let file, let known):
            return "\(file): cannot tell the source from the file name; give it with -s SOURCE"
                + (known.isEmpty ? "" : " (known sources: \(known.joined(separator: ", ")))")
        }
    }
}
