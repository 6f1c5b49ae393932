/// Counts, per period of one file, what the writer did with each row: the
/// figures of the ingest summary and of the import log that `reconcile`
/// checks the charges against.
struct FileTally {
    let fileName: String
    private(set) var periods: [BillingPeriod: IngestReport.PeriodLine] = [:]
    /// The period being counted now (rows of a file mostly share one).
    private var current: IngestReport.PeriodLine?

    init(fileName: String) { self.fileName = fileName }

    /// `charge` points into the batch: read in place, never copied (a copy
    /// retains and releases every text field of the row).
    mutating func record(_ charge: UnsafePointer<PreparedCharge>, _ outcome: ChargeWriter.Outcome, _ line: inout IngestReport.FileLine) {
        let period = charge.pointee.draft.period
        let billed = charge.pointee.draft.billed
        if current?.period != period {
            if let current { periods[current.period] = current }
            current = periods.removeValue(forKey: period) ?? IngestReport.PeriodLine(period: period)
        }
        guard var p = current else { return }
        p.rows += 1
        p.billed.add(billed)
        if charge.pointee.flagReason != nil {
            p.flaggedRows += 1
            p.flagged.add(billed)
            line.flagged += 1
        }
        line.billed.add(billed)
        switch outcome {
        case .inserted:
            p.inserted += 1
            line.inserted += 1
            p.billedDelta.add(billed)
        case .updated(let previous, let previousFile):
            p.updated += 1
            line.updated += 1
            p.billedDelta.add(billed)
            p.billedDelta.add(Money(nanos: -previous.nanos))
            if previousFile != fileName { line.revisedFromOtherFiles += 1 }
        case .unchanged:
            p.unchanged += 1
            line.unchanged += 1
        case .matchedLegacy(let previous, let changed):
            line.matchedLegacy += 1
            if changed {
                p.updated += 1
                line.updated += 1
                p.billedDelta.add(billed)
                p.billedDelta.add(Money(nanos: -previous.nanos))
            } else {
                p.unchanged += 1
                line.unchanged += 1
            }
        }
        current = p
    }

    /// Every period, including the one being counted.
    var all: [BillingPeriod: IngestReport.PeriodLine] {
        var result = periods
        if let current { result[current.period] = current }
        return result
    }
}
