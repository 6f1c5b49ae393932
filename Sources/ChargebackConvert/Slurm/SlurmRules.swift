import ChargebackCore

/// How Slurm jobs are priced: a pure value, read from the legacy
/// `tiers.json` and `accounts.json` (or the same inline under `convert.slurm`).
///
/// A job's service units are `AllocCPUS × seconds × multiplier / 3600`; the
/// list price is `SU × rate`, and the partition's subsidy percent comes off
/// it (a free-tier partition keeps its list price, billed 0).
public struct SlurmRules: Sendable, Equatable {
    public struct Partition: Sendable, Equatable {
        public var multiplier: Exact
        public var subsidyPercent: Exact
        public var description: String?

        public init(multiplier: Exact, subsidyPercent: Exact = .zero, description: String? = nil) {
            self.multiplier = multiplier
            self.subsidyPercent = subsidyPercent
            self.description = description
        }
    }

    public enum Grouping: Sendable, Equatable {
        /// One charge per account and partition (and month the jobs ran in).
        case accountPartition
        /// One charge per job (and month it ran in).
        case job
    }

    public var serviceName: String
    public var partitions: [String: Partition]
    /// Money per service unit.
    public var suRate: Exact
    /// Job states (first word of sacct's State, upper case) that are billed.
    public var billableStates: Set<String>
    /// Accounts never billed, lower case (Slurm account names are case-insensitive).
    public var excludedAccounts: Set<String>
    /// Account (lower case) → who pays.
    public var accounts: [String: ChargeOwner]
    public var grouping: Grouping

    /// The legacy script's default billable states.
    public static let defaultBillableStates: Set<String> = ["COMPLETED", "TIMEOUT", "OUT_OF_MEMORY"]

    public init(serviceName: String = "HPC Compute", partitions: [String: Partition], suRate: Exact,
                billableStates: Set<String> = SlurmRules.defaultBillableStates, excludedAccounts: Set<String> = [],
                accounts: [String: ChargeOwner] = [:], grouping: Grouping = .accountPartition) {
        self.serviceName = serviceName
        self.partitions = partitions
        self.suRate = suRate
        self.billableStates = billableStates
        self.excludedAccounts = Set(excludedAccounts.map { $0.lowercased() })
        self.accounts = Dictionary(accounts.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.grouping = grouping
    }

    public func isBillable(state: String) -> Bool { billableStates.contains(state) }
    public func isExcluded(account: String) -> Bool { !excludedAccounts.isEmpty && excludedAccounts.contains(Self.folded(account)) }
    public func owner(ofAccount account: String) -> ChargeOwner? { accounts[Self.folded(account)] }
    /// Whether the accounts map names the account (without copying its owner: this runs once per job).
    public func knows(account: String) -> Bool { accounts.index(forKey: Self.folded(account)) != nil }

    /// An account name as the maps key it: lower case. Slurm's names are lower case already, so
    /// only another spelling is lowercased (a new String per job otherwise: 3 % of convert slurm).
    static func folded(_ account: String) -> String {
        account.utf8.contains { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 } ? account.lowercased() : account
    }
}

extension SlurmRules {
    /// Reads `tiers.json` (partitions, rate, states, exclusions) and
    /// `accounts.json` (account → PI, project, fund/org). Keys the legacy
    /// script reads are read; others are reported in `warnings`.
    public init(tiers: SettingsNode, accounts: SettingsNode?, grouping: Grouping,
                warnings: inout [String]) throws(InputError) {
        let t = try tiers.object()
        let serviceName = try t.value("serviceName")?.text() ?? "HPC Compute"
        var partitions: [String: Partition] = [:]
        let list = try t.require("partitions", "an object of partitions, each with suMultiplier (and subsidyPercent, description)").object()
        for entry in list.entries {
            let p = try entry.node.object()
            let multiplier = try p.require("suMultiplier", "the partition's service-unit multiplier").nonNegative()
            let subsidy = try p.value("subsidyPercent")?.percent() ?? .zero
            let description = try p.value("description")?.text()
            p.unknownKeys(into: &warnings)
            partitions[entry.key] = Partition(multiplier: multiplier, subsidyPercent: subsidy, description: description)
        }
        let rates = try t.require("rates", "an object with suRate (money per service unit)").object()
        let suRate = try rates.require("suRate", "the price of one service unit").nonNegative("a price")
        rates.ignore("unit")
        rates.unknownKeys(into: &warnings)
        var states = SlurmRules.defaultBillableStates
        if let v = t.value("billableStates") { states = Set(try v.stringList().map { $0.uppercased() }) }
        let excluded = Set(try t.value("excludeAccounts")?.stringList() ?? [])
        t.ignore("description", "notes", "_comment")
        t.unknownKeys(into: &warnings)

        var owners: [String: ChargeOwner] = [:]
        if let accounts {
            let a = try accounts.object()
            let map = try a.require("accounts", "an object of Slurm accounts, each with piEmail, projectId, fundOrg").object()
            for entry in map.entries {
                owners[entry.key.lowercased()] = try ChargeOwner(legacyEntry: entry.node, warnings: &warnings)
            }
            a.ignore("description", "notes", "_comment")
            a.unknownKeys(into: &warnings)
        }
        self.init(serviceName: serviceName, partitions: partitions, suRate: suRate, billableStates: states,
                  excludedAccounts: excluded, accounts: owners, grouping: grouping)
    }
}

extension ChargeOwner {
    /// An entry of the legacy `accounts.json` or Isilon `projects.json`:
    /// piEmail, projectId, fundOrg (and, optionally, costCenter, accountCode,
    /// reference1, reference2). Empty strings count as absent.
    init(legacyEntry node: SettingsNode, warnings: inout [String]) throws(InputError) {
        let o = try node.object()
        self.init(piEmail: try o.value("piEmail")?.text(), projectId: try o.value("projectId")?.text(),
                  fundOrg: try o.value("fundOrg")?.text(), costCenter: try o.value("costCenter")?.text(),
                  accountCode: try o.value("accountCode")?.text(), reference1: try o.value("reference1")?.text(),
                  reference2: try o.value("reference2")?.text())
        o.ignore("description", "notes", "_comment")
        o.unknownKeys(into: &warnings)
    }
}
