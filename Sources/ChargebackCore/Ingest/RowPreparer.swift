import Foundation

/// The reading half of ingest, for one file: CSV → FOCUS row → charge draft
/// → flag reason → identity, handed on in batches. Runs on its own thread;
/// input errors go out through `IngestEvents` and into the rejects file.
final class RowPreparer: @unchecked Sendable {
    struct Tally {
        var rowsRead = 0
        var invalid = 0
        var inputErrors = 0
        var fileError: InputError?
    }

    private let path: String
    private let reader: CSVReader
    private let columns: FocusColumns
    private let rawHeader: String
    private let rules: IngestRules
    private let tagKeys: TagKeyMatcher
    private let request: IngestRequest
    private let sourceID: Int64
    private let events: IngestEvents
    private let errorsBefore: Int
    private(set) var tally = Tally()
    private var cells = CellCache()
    private var mappedTags = MappedTagsMemo()
    var identities: ChargeIdentity
    var cache: FlagCache
    var rejects: RejectsFiles

    /// Opens the file and reads its header; a file-level problem throws.
    init(path: String, rules: IngestRules, request: IngestRequest, sourceID: Int64, events: IngestEvents, errorsBefore: Int,
         identities: ChargeIdentity, cache: FlagCache, rejects: RejectsFiles) throws(InputError) {
        self.path = path
        self.rules = rules
        self.tagKeys = TagKeyMatcher(rules.tagKeys)
        self.request = request
        self.sourceID = sourceID
        self.events = events
        self.errorsBefore = errorsBefore
        self.identities = identities
        self.cache = cache
        self.rejects = rejects
        reader = try CSVReader(path: path, displayName: path)
        guard try reader.next() else {
            throw InputError(file: path, line: 1, column: "", message: "the file is empty: expected a FOCUS header row")
        }
        rawHeader = reader.rawRecord
        columns = try FocusColumns(header: reader, file: path)
    }

    var totalBytes: Int64 { reader.fileSize ?? 0 }
    /// The file's SHA-256 and size, valid once `run` has finished.
    var fileDigest: (hex: String, bytes: Int64) { (reader.sha256Hex, reader.bytesRead) }

    /// Reads the whole file into `queue`, then finishes it.
    func run(into queue: PreparedChargeQueue, batchSize: Int = 2048) {
        defer { queue.finish() }
        var batch = PreparedBatch(capacity: batchSize)
        var lastProgress: Int64 = 0
        events.progress.start("ingest " + (path as NSString).lastPathComponent, verb: "read", unit: .bytes, total: totalBytes)
        defer { events.progress.finish() }
        do {
            while try reader.next() {
                tally.rowsRead += 1
                if reader.bytesRead - lastProgress > 1 << 20 {
                    lastProgress = reader.bytesRead
                    events.progress.update(done: lastProgress)
                }
                guard let prepared = prepare() else { continue }
                // After an input error nothing will be committed (unless
                // skipping invalid rows): keep validating, stop writing.
                if errorsBefore + tally.inputErrors > 0 && !request.skipInvalid { continue }
                batch.append(prepared)
                if batch.count == batchSize {
                    if !queue.put(batch) { return }
                    batch = PreparedBatch(capacity: batchSize)
                }
            }
        } catch {
            tally.fileError = error
            tally.inputErrors += 1
            events.inputError(error)
        }
        if !batch.isEmpty { _ = queue.put(batch) }
        events.progress.update(done: reader.bytesRead)
    }

    private func prepare() -> PreparedCharge? {
        let row: FocusRow
        do {
            row = try columns.decode(reader, cells: &cells)
        } catch {
            invalid(error.errors)
            return nil
        }
        let draft = ChargeDraft(row: row, line: reader.line, mapped: mappedTags.resolve(row.tags, with: tagKeys))
        if let earliest = rules.imports.earliestPeriod, draft.period < earliest {
            invalid([InputError(file: path, line: reader.line, column: "BillingPeriodStart",
                                message: "period \(draft.period) is before imports.earliest_period \(earliest)")])
            return nil
        }
        let reason = rules.flags.reason(for: draft, requestedPeriod: request.period, cache: &cache)
        let identity = identities.identity(of: draft, sourceID: sourceID)
        return PreparedCharge(draft: draft, identity: identity, content: identities.contentHash(of: draft), flagReason: reason)
    }

    private func invalid(_ errors: [InputError]) {
        tally.invalid += 1
        tally.inputErrors += errors.count
        for error in errors { events.inputError(error) }
        rejects.reject(file: path, header: rawHeader, record: reader.rawRecord, errors: errors)
    }
}
