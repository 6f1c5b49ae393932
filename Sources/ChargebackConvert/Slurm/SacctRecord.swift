/// One job allocation as `sacct --parsable2` reports it.
public struct SacctRecord: Sendable, Equatable {
    public var jobID: String
    public var cluster: String?
    public var account: String
    public var user: String?
    public var partition: String
    public var cpus: Int64
    /// Elapsed wall-clock seconds (sacct's ElapsedRaw, or Elapsed read exactly).
    public var elapsed: Int64
    public var start: SacctTime?
    public var end: SacctTime?
    /// The first word of State, upper case: "CANCELLED by 1234" is CANCELLED.
    public var state: String
    /// Where it was read.
    public var line: Int

    public init(jobID: String, cluster: String? = nil, account: String, user: String? = nil, partition: String, cpus: Int64,
                elapsed: Int64, start: SacctTime? = nil, end: SacctTime? = nil, state: String, line: Int) {
        self.jobID = jobID
        self.cluster = cluster
        self.account = account
        self.user = user
        self.partition = partition
        self.cpus = cpus
        self.elapsed = elapsed
        self.start = start
        self.end = end
        self.state = state
        self.line = line
    }
}

/// A time as sacct prints it: local wall-clock time (its default format,
/// `2025-01-31T23:59:59`) or seconds since the epoch (`SLURM_TIME_FORMAT=%s`,
/// what `convert slurm` asks for when it runs sacct itself).
public enum SacctTime: Sendable, Equatable {
    case local(CivilDay, secondOfDay: Int)
    case epoch(Int64)
}
