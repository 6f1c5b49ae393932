import ChargebackCore

/// Applies `SlurmRules` to job records, one at a time: which jobs are
/// billed in the period, their seconds in each month, and the charges.
///
/// The month-boundary rule: a job is billed in the period in which it
/// ended (its last second), once its final state is known. Its time is
/// split by the months it ran in: each earlier month is charged the
/// wall-clock seconds the job ran in it (from Start), the month it ended
/// the rest of Elapsed; so the parts add up to Elapsed exactly. All parts
/// are billed in the period it ended, each with its own charge period.
///
/// Seconds and CPU-seconds are integers, summed exactly; the price is
/// worked out per charge from the sum, and rounded to the cent once.
public struct SlurmBilling {
    public let rules: SlurmRules
    public let period: BillingPeriod
    public let clock: LocalClock
    /// Whether the input has Start and End (without them, every job counts as ended in the period).
    public let hasTimes: Bool

    private struct Key: Hashable, Comparable {
        var month: BillingPeriod
        var cluster: String
        var account: String
        var partition: String
        var job: String  // "" when grouped by account and partition

        static func < (a: Key, b: Key) -> Bool {
            (a.month, a.cluster, a.account, a.partition) < (b.month, b.cluster, b.account, b.partition)
                || ((a.month, a.cluster, a.account, a.partition) == (b.month, b.cluster, b.account, b.partition) && a.job < b.job)
        }
    }

    private struct Usage {
        var cpuSeconds: Int128 = 0
        var jobs = 0
        var user: String?
    }

    private var usage: [Key: Usage] = [:]
    private var jobsRead = 0
    private var steps = 0
    private var notBillable = Tally()
    private var excluded = Tally()
    private var notEnded = 0
    private var endedBefore = 0
    private var endedAfter = 0
    private var billedJobs = 0
    private var splitJobs = 0
    private var unknownAccounts: [String: Int] = [:]

    public init(rules: SlurmRules, period: BillingPeriod, clock: LocalClock, hasTimes: Bool) {
        self.rules = rules
        self.period = period
        self.clock = clock
        self.hasTimes = hasTimes
    }

    /// Takes one line of sacct output. Per-job charges come back at once
    /// (memory stays flat); grouped charges come from `finish()`. An unknown
    /// partition of a billed job is an input error naming its line.
    public mutating func add(_ item: SacctReader.Item, file: String) throws(InputError) -> [ChargeLine] {
        let record: SacctRecord
        switch item {
        case .step:
            steps += 1
            return []
        case .job(let r):
            record = r
        }
        jobsRead += 1
        guard rules.isBillable(state: record.state) else {
            notBillable.add(record.state)
            return []
        }
        if rules.isExcluded(account: record.account) {
            excluded.add(record.account)
            return []
        }
        guard let parts = try months(of: record, file: file) else { return [] }
        guard let partition = rules.partitions[record.partition] else {
            let known = rules.partitions.keys.sorted().joined(separator: ", ")
            throw InputError(file: file, line: record.line, column: "Partition",
                             message: "partition \(FocusText.quote(record.partition)) has no price: add it to the Slurm rules' partitions (priced: \(known))")
        }
        billedJobs += 1
        if parts.count > 1 { splitJobs += 1 }
        if rules.owner(ofAccount: record.account) == nil { unknownAccounts[record.account, default: 0] += 1 }

        var lines: [ChargeLine] = []
        for (month, seconds) in parts {
            let key = Key(month: month, cluster: record.cluster ?? "", account: record.account, partition: record.partition,
                          job: rules.grouping == .job ? record.jobID : "")
            let cpuSeconds = Int128(record.cpus) * Int128(seconds)
            switch rules.grouping {
            case .job:
                lines.append(try line(key, Usage(cpuSeconds: cpuSeconds, jobs: 1, user: record.user), partition, file: file))
            case .accountPartition:
                usage[key, default: Usage()].cpuSeconds += cpuSeconds
                usage[key, default: Usage()].jobs += 1
            }
        }
        return lines
    }

    /// The seconds of a billed job per month, or nil when it is not billed in this period.
    private mutating func months(of record: SacctRecord, file: String) throws(InputError) -> [(BillingPeriod, Int64)]? {
        guard hasTimes else { return [(period, record.elapsed)] }
        guard let endTime = record.end else {
            notEnded += 1
            return nil
        }
        let end = clock.epoch(endTime)
        let endPeriod = clock.day(at: record.elapsed > 0 ? end - 1 : end).period
        if endPeriod < period {
            endedBefore += 1
            return nil
        }
        if period < endPeriod {
            endedAfter += 1
            return nil
        }
        guard let startTime = record.start else { return [(period, record.elapsed)] }
        return Self.split(start: clock.epoch(startTime), end: end, elapsed: record.elapsed, period: period, clock: clock)
    }

    /// The month-boundary rule for a job that ended in `period`: each earlier
    /// month gets the wall-clock seconds the job ran in it, `period` the rest
    /// of `elapsed`. The parts add up to `elapsed` exactly.
    static func split(start: Int64, end: Int64, elapsed: Int64, period: BillingPeriod, clock: LocalClock) -> [(BillingPeriod, Int64)] {
        var parts: [(BillingPeriod, Int64)] = []
        var remaining = elapsed
        var month = clock.day(at: start).period
        while month < period && remaining > 0 {
            let from = max(start, clock.start(of: month.firstDay))
            let to = min(end, clock.start(of: month.endDay))
            let seconds = min(remaining, max(0, to - from))
            if seconds > 0 { parts.append((month, seconds)) }
            remaining -= seconds
            month = month.next
        }
        if remaining > 0 || parts.isEmpty { parts.append((period, remaining)) }
        return parts
    }

    private func line(_ key: Key, _ u: Usage, _ partition: SlurmRules.Partition, file: String) throws(InputError) -> ChargeLine {
        do {
            let coreHours = try Exact(u.cpuSeconds, over: 3600)
            let units = try coreHours * partition.multiplier
            let list = try units * rules.suRate
            let billed = try list * (Exact.hundred - partition.subsidyPercent) / Exact.hundred
            let amounts = try ChargeAmounts(list: list, contracted: list, billed: billed)
            let known = rules.owner(ofAccount: key.account)
            let owner = known ?? ChargeOwner(projectId: key.account)
            var tags = [ExtraTag("slurm_account", key.account), ExtraTag("slurm_partition", key.partition)]
            if !key.cluster.isEmpty { tags.append(ExtraTag("slurm_cluster", key.cluster)) }
            tags += [ExtraTag("core_hours", coreHours.decimalText(digits: 6)), ExtraTag("service_units", units.decimalText(digits: 6)),
                     ExtraTag("jobs", "\(u.jobs)")]
            var description = "\(u.jobs) job\(u.jobs == 1 ? "" : "s"), \(coreHours.readableText(digits: 4)) core-hours × \(partition.multiplier.readableText(digits: 6)) = \(units.readableText(digits: 4)) SU at \(rules.suRate.readableText(digits: 9, minimumDigits: 2)) per SU"
            if !partition.subsidyPercent.isZero { description += ", \(partition.subsidyPercent.decimalText(digits: 4))% subsidy" }
            let resourceId: String
            let resourceName: String
            if key.job.isEmpty {
                resourceId = "\(key.account)-\(key.partition)"
                resourceName = "\(key.account) (\(key.partition))"
            } else {
                resourceId = key.cluster.isEmpty ? key.job : "\(key.cluster):\(key.job)"
                resourceName = "job \(key.job) (\(key.account), \(key.partition))"
                tags.append(ExtraTag("slurm_job_id", key.job))
                if let user = u.user { tags.append(ExtraTag("slurm_user", user)) }
            }
            return ChargeLine(chargeStart: key.month.firstDay, chargeEnd: key.month.endDay,
                              serviceName: "\(rules.serviceName) - \(partition.description ?? key.partition)",
                              resourceId: resourceId, resourceName: resourceName, description: description, sku: key.partition,
                              list: amounts.list, contracted: amounts.contracted, billed: amounts.billed, owner: owner, tags: tags)
        } catch {
            throw InputError(file: file, line: 0, column: "", message: "\(key.account) (\(key.partition)): \(error)")
        }
    }

    /// The grouped charges, in a stable order (month, cluster, account, partition).
    public func finish(file: String) throws(InputError) -> [ChargeLine] {
        var lines: [ChargeLine] = []
        for key in usage.keys.sorted() {
            lines.append(try line(key, usage[key]!, rules.partitions[key.partition]!, file: file))
        }
        return lines
    }

    /// What was read and not billed, and why.
    public var notes: ConversionNotes {
        var n = ConversionNotes()
        n.notes.append("\(jobsRead) job\(jobsRead == 1 ? "" : "s") read, \(billedJobs) billed in \(period)"
            + (splitJobs > 0 ? " (\(splitJobs) ran across a month boundary: split by month, see ChargePeriodStart)" : ""))
        n.note(steps, "job step", "job steps", "not billed separately (their job's allocation is)")
        if notBillable.total > 0 { n.notes.append("\(notBillable.total) job\(notBillable.total == 1 ? "" : "s") not in a billable state (\(notBillable.text))") }
        if excluded.total > 0 { n.notes.append("\(excluded.total) job\(excluded.total == 1 ? "" : "s") of excluded accounts (\(excluded.text))") }
        n.note(notEnded, "job", "jobs", "still running: billed in the period it ends")
        n.note(endedBefore, "job", "jobs", "ended before \(period): billed in that period")
        n.note(endedAfter, "job", "jobs", "ended after \(period): billed in that period")
        if !hasTimes { n.notes.append("the sacct output has no Start and End: every job counted as ended in \(period)") }
        for (account, jobs) in unknownAccounts.sorted(by: { $0.key < $1.key }) {
            n.warnings.append("Slurm account \(FocusText.quote(account)) is not in the accounts map: its charges (\(jobs) job\(jobs == 1 ? "" : "s")) have no PI, and ingest flags them for review")
        }
        return n
    }
}
