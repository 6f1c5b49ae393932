import ChargebackCore

/// How VMs are priced: a pure value, read from the legacy Azure Local
/// `tiers.json` (or the same inline under `convert.vm.tiers`).
///
/// A tier has an annual cost; a month costs a twelfth of it. A VM that
/// existed for only part of the month pays that part: days / days in month
/// (from its creation date, or the running days an inventory CSV gives).
/// The VM's subsidy percent comes off the list price.
public struct VMRules: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        public var annualCost: Exact
        public var description: String?
        public init(annualCost: Exact, description: String? = nil) {
            self.annualCost = annualCost
            self.description = description
        }
    }

    /// The names of the billing fields in a Hyper-V VM's Notes JSON (`fieldMapping.vmNotes`).
    public struct NotesFields: Sendable, Equatable {
        public var piEmail = "FinOpsPiEmail"
        public var projectId = "FinOpsProjectId"
        public var fundOrg = "FinOpsFundOrg"
        public var vmTier = "FinOpsVmTier"
        public var subsidyPercent = "FinOpsSubsidyPercent"
        public var active = "FinOpsActive"
        public init() {}
    }

    public var serviceName: String
    public var tiers: [String: Tier]
    public var defaultSubsidyPercent: Exact
    public var defaultActive: Bool
    public var notesFields: NotesFields
    public var excludePatterns: [ConfigRegex]
    public var includeOff: Bool

    public init(serviceName: String = "Azure Local - Virtual Machines", tiers: [String: Tier], defaultSubsidyPercent: Exact = .zero,
                defaultActive: Bool = true, notesFields: NotesFields = NotesFields(), excludePatterns: [ConfigRegex] = [],
                includeOff: Bool = false) {
        self.serviceName = serviceName
        self.tiers = tiers
        self.defaultSubsidyPercent = defaultSubsidyPercent
        self.defaultActive = defaultActive
        self.notesFields = notesFields
        self.excludePatterns = excludePatterns
        self.includeOff = includeOff
    }
}

extension VMRules {
    /// Reads `tiers.json`: `defaults` (serviceName, subsidyPercent, active),
    /// `tiers` (each with annualCost, required), `fieldMapping.vmNotes`.
    /// `fieldMapping.focusTags` is not used: the tag keys are `tag_mapping`'s.
    public init(tiers node: SettingsNode, excludePatterns: [ConfigRegex], includeOff: Bool, warnings: inout [String]) throws(InputError) {
        let o = try node.object()
        var serviceName = "Azure Local - Virtual Machines"
        var subsidy = Exact.zero
        var active = true
        if let d = try o.value("defaults")?.object() {
            serviceName = try d.value("serviceName")?.text() ?? serviceName
            subsidy = try d.value("subsidyPercent")?.percent() ?? .zero
            active = try d.value("active")?.bool() ?? true
            d.unknownKeys(into: &warnings)
        }
        var tiers: [String: Tier] = [:]
        let list = try o.require("tiers", "an object of tiers, each with annualCost").object()
        for entry in list.entries {
            let t = try entry.node.object()
            tiers[entry.key] = Tier(annualCost: try t.require("annualCost", "the tier's cost for a year").nonNegative("a price"),
                                    description: try t.value("description")?.text())
            t.unknownKeys(into: &warnings)
        }
        var fields = NotesFields()
        if let mapping = try o.value("fieldMapping")?.object() {
            if let notes = try mapping.value("vmNotes")?.object() {
                fields.piEmail = try notes.value("piEmail")?.string() ?? fields.piEmail
                fields.projectId = try notes.value("projectId")?.string() ?? fields.projectId
                fields.fundOrg = try notes.value("fundOrg")?.string() ?? fields.fundOrg
                fields.vmTier = try notes.value("vmTier")?.string() ?? fields.vmTier
                fields.subsidyPercent = try notes.value("subsidyPercent")?.string() ?? fields.subsidyPercent
                fields.active = try notes.value("active")?.string() ?? fields.active
                notes.unknownKeys(into: &warnings)
            }
            mapping.ignore("focusTags")
            mapping.unknownKeys(into: &warnings)
        }
        o.ignore("_comment", "description", "notes")
        o.unknownKeys(into: &warnings)
        self.init(serviceName: serviceName, tiers: tiers, defaultSubsidyPercent: subsidy, defaultActive: active,
                  notesFields: fields, excludePatterns: excludePatterns, includeOff: includeOff)
    }
}
