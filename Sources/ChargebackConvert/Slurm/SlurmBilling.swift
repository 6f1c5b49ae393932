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

        /// Account, partition and month tell charges apart: hashing the cluster (one, mostly) and
        /// the job (empty unless per job) as well cost more than it saved (equality checks all).
        func hash(into hasher: inout Hasher) {
            hasher.combine(account)
            hasher.combine(partition)
            hasher.combine(month)
            if !job.isEmpty { hasher.combine(job) }
        }

        static func < (a: Key, b: Key) -> Bool {
            (a.month, a.cluster, a.account, a.partition) < (b.month, b.cluster, b.account, b.partition)
                || ((a.month, a.cluster, a.account, a.partition) == (b.month, b.cluster, b.account, b.partition) && a.job < b.job)
        }
    }

    private struct Usage {
        var cpuSeconds: Int128 = 0
        var jobs = 0
        var user: String?

        mutating func add(_ seconds: Int128) {
            cpuSeconds += seconds
            jobs += 1
        }
    }

    /// Where a billed job's seconds go: all to the period (it started in it), or split by month.
    private enum Placement {
        case period(Int64)
        case months([(BillingPeriod, Int64)])
    }

    /// The period's first and last instants (local midnights of its first day and the next month's), worked out once.
    private let periodStart: Int64
    private let periodEnd: Int64

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
    private var accountFacts: [String: (excluded: Bool, known: Bool)] = [:]
    /// Most jobs end in the state of the job before (COMPLETED): a compare instead of a set lookup.
    private var lastState = ""
    private var lastStateBillable = false

    public init(rules: SlurmRules, period: BillingPeriod, clock: LocalClock, hasTimes: Bool) {
        self.rules = rules
        self.period = period
        self.clock = clock
        self.hasTimes = hasTimes
        periodStart = clock.start(of: period.firstDay)
        periodEnd = clock.start(of: period.endDay)
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
        if record.state != lastState {
            lastState = record.state
            lastStateBillable = rules.isBillable(state: record.state)
        }
        guard lastStateBillable else {
            notBillable.add(record.state)
            return []
        }
        let facts = self.facts(of: record.account)
        if facts.excluded {
            excluded.add(record.account)
            return []
        }
        guard let placement = placement(of: record) else { return [] }
        guard let partition = rules.partitions[record.partition] else {
            let known = rules.partitions.keys.sorted().joined(separator: ", ")
            throw InputError(file: file, line: record.line, column: "Partition",
                             message: "partition \(FocusText.quote(record.partition)) has no price: add it to the Slurm rules' partitions (priced: \(known))")
        }
        billedJobs += 1
        if !facts.known { unknownAccounts[record.account, default: 0] += 1 }

        switch placement {
        case .period(let seconds):
            return try add(record, month: period, seconds: seconds, partition, file: file).map { [$0] } ?? []
        case .months(let parts):
            if parts.count > 1 { splitJobs += 1 }
            var lines: [ChargeLine] = []
            for (month, seconds) in parts {
                if let line = try add(record, month: month, seconds: seconds, partition, file: file) { lines.append(line) }
            }
            return lines
        }
    }

    /// What the rules say of an account, asked once per account: one lookup per job instead of
    /// three (the rules' lookups, each lowercasing the name, were 8 % of convert slurm: perf, 1M jobs).
    private mutating func facts(of account: String) -> (excluded: Bool, known: Bool) {
        if let known = accountFacts[account] { return known }
        let facts = (excluded: rules.isExcluded(account: account), known: rules.knows(account: account))
        accountFacts[account] = facts
        return facts
    }

    /// Counts a job's seconds in one month; its charge at once when billed per job.
    private mutating func add(_ record: SacctRecord, month: BillingPeriod, seconds: Int64, _ partition: SlurmRules.Partition,
                              file: String) throws(InputError) -> ChargeLine? {
        let key = Key(month: month, cluster: record.cluster ?? "", account: record.account, partition: record.partition,
                      job: rules.grouping == .job ? record.jobID : "")
        let cpuSeconds = Int128(record.cpus) * Int128(seconds)
        switch rules.grouping {
        case .job:
            return try line(key, Usage(cpuSeconds: cpuSeconds, jobs: 1, user: record.user), partition, file: file)
        case .accountPartition:
            usage[key, default: Usage()].add(cpuSeconds)  // one lookup
            return nil
        }
    }

    /// Where a job's seconds are billed, or nil when it is not billed in this period.
    /// A month is [its first local midnight, the next month's): instants compared
    /// with the period's two, worked out once, and the clock asked only for a job
    /// that started before the period (to split it).
    private mutating func placement(of record: SacctRecord) -> Placement? {
        guard hasTimes else { return .period(record.elapsed) }
        guard let endTime = record.end else {
            notEnded += 1
            return nil
        }
        let end = clock.epoch(endTime)
        let last = record.elapsed > 0 ? end - 1 : end  // the job's last second
        if last < periodStart {
            endedBefore += 1
            return nil
        }
        if last >= periodEnd {
            endedAfter += 1
            return nil
        }
        guard let startTime = record.start else { return .period(record.elapsed) }
        let start = clock.epoch(startTime)
        if start >= periodStart { return .period(record.elapsed) }
        return .months(Self.split(start: start, end: end, elapsed: record.elapsed, period: period, clock: clock))
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
