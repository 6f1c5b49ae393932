import ChargebackCore

/// Samples of directory sizes → one charge per directory for the month.
///
/// A directory's use is the average of the month's nightly samples: the sum
/// of its bytes over the nights sampled, divided by the number of nights
/// the sampler ran in the month (a night on which a directory was not
/// sampled counts as 0 for it: it did not exist yet). An undated snapshot
/// (an Isilon quota list) stands for the whole month, as in the legacy
/// script. The average is exact (a fraction of a byte is kept).
public struct StorageBilling {
    public var rates: StorageRates
    public var period: BillingPeriod
    /// Directory key → metadata; a key missing here is a directory nobody described.
    public var directories: [String: StorageDirectory]
    /// Which directory a sample's path belongs to (the path itself, or the last folder name).
    public var key: @Sendable (String) -> String

    public init(rates: StorageRates, period: BillingPeriod, directories: [String: StorageDirectory],
                key: @escaping @Sendable (String) -> String) {
        self.rates = rates
        self.period = period
        self.directories = directories
        self.key = key
    }

    public struct Result {
        public var lines: [ChargeLine] = []
        public var notes = ConversionNotes()
    }

    public func charges(_ samples: [StorageSample], errors: inout InputErrorList) -> Result {
        var result = Result()
        var totals: [String: Exact] = [:]
        var paths: [String: String] = [:]
        var seen: [String: StorageSample] = [:]  // key + night → first sample
        var nights: Set<CivilDay> = []
        var snapshot = false
        var outside = 0
        for sample in samples {
            if let date = sample.date {
                guard period.contains(date) else {
                    outside += 1
                    continue
                }
                nights.insert(date)
            } else {
                snapshot = true
            }
            let k = key(sample.path)
            let night = "\(k)\u{0}\(sample.date?.description ?? "")"
            if let first = seen[night] {
                errors.add(InputError(file: sample.file, line: sample.line, column: "path",
                                      message: "a second sample of \(FocusText.quote(k))\(sample.date.map { " for \($0)" } ?? "") (the first is \(first.file):\(first.line))"))
                continue
            }
            seen[night] = sample
            paths[k] = paths[k] ?? sample.path
            do {
                totals[k] = try (totals[k] ?? .zero) + sample.bytes
            } catch {
                errors.add(InputError(file: sample.file, line: sample.line, column: "bytes", message: "\(error)"))
            }
        }
        let nightCount = snapshot ? 1 : nights.count
        var inactive: [String] = []
        var empty: [String] = []
        var undescribed: [String] = []
        for k in totals.keys.sorted() {
            let directory = directories[k]
            if let directory, !directory.active {
                inactive.append(k)
                continue
            }
            do {
                let bytes = try totals[k]! / Exact(nightCount)
                if bytes.isZero {
                    empty.append(k)
                    continue
                }
                let terms = directory?.terms(rates) ?? rates
                let amounts = try terms.amounts(bytes: bytes, days: period.dayCount)
                let path = paths[k] ?? k
                if directory == nil { undescribed.append(k) }
                let owner = directory?.owner ?? ChargeOwner(projectId: StoragePath.lastComponent(path))
                let name = owner.projectId ?? StoragePath.lastComponent(path)
                let tb = try bytes / Exact(rates.units.terabyte)
                let ratePerTB = try rates.rate * Exact(rates.units.terabyte)
                var description = "\(tb.readableText(digits: 4)) \(rates.units.tbName) "
                    + (snapshot ? "(quota snapshot)" : "(average of \(nightCount) night\(nightCount == 1 ? "" : "s"))")
                    + " at \(ratePerTB.readableText(digits: 6, minimumDigits: 2)) per \(rates.units.tbName)-month"
                if !terms.terms.isEmpty { description += "; " + terms.terms }
                var tags = directory?.tags ?? []
                tags += [ExtraTag("storage_path", path), ExtraTag("usage_bytes", bytes.decimalText(digits: 3))]
                result.lines.append(ChargeLine(
                    chargeStart: period.firstDay, chargeEnd: period.endDay, serviceName: rates.serviceName,
                    resourceId: "\(name)-storage", resourceName: "\(name) Storage", description: description,
                    list: amounts.list, contracted: amounts.contracted, billed: amounts.billed, owner: owner, tags: tags))
            } catch {
                errors.add(InputError(file: paths[k] ?? k, line: 0, column: "", message: "\(error)"))
            }
        }
        var notes = ConversionNotes()
        notes.notes.append("\(totals.count) director\(totals.count == 1 ? "y" : "ies") measured"
            + (snapshot ? " (one snapshot)" : ", \(nightCount) of \(period.dayCount) nights of \(period) sampled"))
        if !snapshot && nightCount < period.dayCount && nightCount > 0 {
            notes.warnings.append("the samples cover \(nightCount) of the \(period.dayCount) nights of \(period): each directory's use is its average over those nights")
        }
        notes.note(outside, "sample", "samples", "outside \(period) (not used)")
        if !inactive.isEmpty { notes.notes.append("\(inactive.count) inactive (active: false), not billed: \(inactive.joined(separator: ", "))") }
        if !empty.isEmpty { notes.notes.append("\(empty.count) using no space, no charge: \(empty.joined(separator: ", "))") }
        for k in undescribed {
            notes.warnings.append("directory \(FocusText.quote(paths[k] ?? k)) has no billing metadata: billed without a PI, so ingest flags it for review")
        }
        result.notes = notes
        return result
    }
}
