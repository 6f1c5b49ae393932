import ChargebackCore

/// The legacy storage converters' JSON files, read into `StorageRates` and
/// directory metadata.
public enum StorageSettings {
    /// Isilon `rates.json`: `serviceName`, `ratePerTBMonth` (required),
    /// `freeGBPerProject` (default 500, as the legacy script), and our
    /// optional `tiers` (`[{"upToTB": 1, "ratePerTBMonth": 6}, {"ratePerTBMonth": 10}]`).
    public static func isilonRates(_ node: SettingsNode, units: ByteUnits, warnings: inout [String]) throws(InputError) -> StorageRates {
        try rates(node, rate: ("ratePerTBMonth", "the price of one TB for a month", units.terabyte), free: "freeGBPerProject",
                  service: "HPC Storage - Project", units: units, warnings: &warnings)
    }

    /// Qumulo `rates.json`: `serviceName`, `monthlyRatePerGB` (required),
    /// `defaultFreeGB` (default 500, as the legacy script), optional `tiers`.
    public static func qumuloRates(_ node: SettingsNode, units: ByteUnits, warnings: inout [String]) throws(InputError) -> StorageRates {
        try rates(node, rate: ("monthlyRatePerGB", "the price of one GB for a month", units.gigabyte), free: "defaultFreeGB",
                  service: "Research Storage - Projects", units: units, warnings: &warnings)
    }

    /// The two legacy rates files differ only in their key names and the unit of the rate.
    private static func rates(_ node: SettingsNode, rate key: (name: String, expected: String, per: Int128), free: String,
                              service: String, units: ByteUnits, warnings: inout [String]) throws(InputError) -> StorageRates {
        let o = try node.object()
        let rate = try o.require(key.name, key.expected).nonNegative("a price", over: key.per)
        let freeBytes = try o.value(free)?.nonNegative("a size in GB", times: units.gigabyte) ?? Exact(500 * units.gigabyte)
        let rates = StorageRates(serviceName: try o.value("serviceName")?.text() ?? service, rate: rate,
                                 tiers: try tiers(o, rate: rate, units: units), freeBytes: freeBytes, units: units)
        o.ignore("quotaCommand", "description", "notes", "_comment")
        o.unknownKeys(into: &warnings)
        return rates
    }

    /// `tiers`: graduated prices for the billable bytes, each `upToTB` (cumulative;
    /// the last one without) and `ratePerTBMonth` or `monthlyRatePerGB`. A tier
    /// may not cost more than the standard rate: the list price is the most a
    /// directory pays.
    private static func tiers(_ o: SettingsObject, rate: Exact, units: ByteUnits) throws(InputError) -> [StorageRates.Tier] {
        guard let list = o.value("tiers") else { return [] }
        var tiers: [StorageRates.Tier] = []
        let items = try list.array()
        for (i, item) in items.enumerated() {
            let t = try item.object()
            let tierRate: Exact
            if let v = t.value("ratePerTBMonth") {
                tierRate = try v.nonNegative("a price", over: units.terabyte)
            } else {
                tierRate = try t.require("monthlyRatePerGB", "ratePerTBMonth or monthlyRatePerGB").nonNegative("a price", over: units.gigabyte)
            }
            if rate < tierRate { throw item.error("a tier costs more than the standard rate: the list price would not be the most a directory pays") }
            var bound: Exact?
            if let v = t.value("upToTB") {
                bound = try v.nonNegative("a size in TB", times: units.terabyte)
            } else if i != items.count - 1 {
                throw item.error("missing upToTB: only the last tier may be unbounded")
            }
            if let b = bound, let previous = tiers.last?.upToBytes, !(previous < b) {
                throw item.error("upToTB must grow from tier to tier")
            }
            tiers.append(.init(upToBytes: bound, rate: tierRate))
        }
        return tiers
    }

    /// Isilon `projects.json`: `{"projects": {"/ifs/path": {piEmail, projectId,
    /// fundOrg, …}}}`, keyed by the normalized path. Beyond the legacy keys an
    /// entry may hold costCenter, accountCode, reference1, reference2,
    /// freeGB, subsidyPercent and active.
    public static func isilonProjects(_ node: SettingsNode, units: ByteUnits, warnings: inout [String]) throws(InputError) -> [String: StorageDirectory] {
        let o = try node.object()
        let map = try o.require("projects", "an object of directory paths, each with piEmail, projectId, fundOrg").object()
        var out: [String: StorageDirectory] = [:]
        for entry in map.entries {
            let e = try entry.node.object()
            let owner = try ChargeOwner(legacyFields: e)
            var directory = StorageDirectory(owner: owner)
            directory.freeBytes = try e.value("freeGB")?.nonNegative("a size in GB", times: units.gigabyte)
            directory.subsidyPercent = try e.value("subsidyPercent")?.percent()
            directory.active = try e.value("active")?.bool() ?? true
            e.ignore("description", "notes", "_comment")
            e.unknownKeys(into: &warnings)
            out[StoragePath.normalized(entry.key)] = directory
        }
        o.ignore("description", "notes", "_comment")
        o.unknownKeys(into: &warnings)
        return out
    }

    /// A Qumulo project's `.openchargeback.json` (the legacy template's keys).
    public static func qumuloProject(_ node: SettingsNode, units: ByteUnits, warnings: inout [String]) throws(InputError) -> StorageDirectory {
        let o = try node.object()
        let owner = ChargeOwner(piEmail: try o.value("pi_email")?.text(), projectId: try o.value("project_id")?.text(),
                                fundOrg: try o.value("fund_org")?.text(), costCenter: try o.value("cost_center")?.text(),
                                accountCode: try o.value("account_code")?.text(), reference1: try o.value("reference_1")?.text(),
                                reference2: try o.value("reference_2")?.text())
        var tags: [ExtraTag] = []
        for key in ["end_date", "reconciliation_end"] {
            if let v = try o.value(key)?.text() { tags.append(ExtraTag(key, v)) }
        }
        var directory = StorageDirectory(owner: owner, tags: tags, active: try o.value("active")?.bool() ?? true)
        directory.freeBytes = try o.value("free_gb")?.nonNegative("a size in GB", times: units.gigabyte)
        directory.subsidyPercent = try o.value("subsidy_percent")?.percent()
        directory.dailyCredit = try o.value("daily_credit")?.nonNegative("an amount")
        o.ignore("notes", "description", "_comment")
        o.unknownKeys(into: &warnings)
        return directory
    }
}

extension ChargeOwner {
    /// The owner fields of a legacy entry (piEmail, projectId, fundOrg, and
    /// optionally costCenter, accountCode, reference1, reference2); empty strings count as absent.
    init(legacyFields o: SettingsObject) throws(InputError) {
        self.init(piEmail: try o.value("piEmail")?.text(), projectId: try o.value("projectId")?.text(),
                  fundOrg: try o.value("fundOrg")?.text(), costCenter: try o.value("costCenter")?.text(),
                  accountCode: try o.value("accountCode")?.text(), reference1: try o.value("reference1")?.text(),
                  reference2: try o.value("reference2")?.text())
    }
}
