import ChargebackCore
import Foundation

/// One VM of an inventory, as read.
public struct VMRecord: Sendable, Equatable {
    public var name: String
    public var tier: String?
    public var owner: ChargeOwner
    public var tags: [ExtraTag]
    public var subsidyPercent: Exact?
    public var active: Bool?
    /// Hyper-V: the day it was created (nil: before the period).
    public var created: CivilDay?
    /// Hyper-V: whether it was running; nil when the inventory does not say.
    public var running: Bool?
    /// CSV: the days it ran in the month.
    public var runningDays: Exact?
    /// Why its billing fields could not be read (no Notes, Notes not JSON):
    /// an error only if the VM is billed (not excluded, running, active).
    public var notesError: InputError?
    /// Where it was read: file, line, and the field path of its tier.
    public var file: String
    public var line: Int
    public var tierField: String

    public init(name: String, tier: String?, owner: ChargeOwner, tags: [ExtraTag] = [], subsidyPercent: Exact? = nil,
                active: Bool? = nil, created: CivilDay? = nil, running: Bool? = nil, runningDays: Exact? = nil,
                file: String, line: Int, tierField: String) {
        self.name = name
        self.tier = tier
        self.owner = owner
        self.tags = tags
        self.subsidyPercent = subsidyPercent
        self.active = active
        self.created = created
        self.running = running
        self.runningDays = runningDays
        self.file = file
        self.line = line
        self.tierField = tierField
    }
}

/// The Hyper-V inventory the legacy Azure Local script read from the
/// cluster, saved as JSON:
///
///     Get-ClusterGroup -Cluster C | ? GroupType -eq VirtualMachine |
///       % { Get-VM -ComputerName $_.OwnerNode.Name -Name $_.Name } |
///       Select-Object Name, Notes, State, CreationTime | ConvertTo-Json > vms.json
///
/// A list of VMs (or an object holding it under `vms`, or `examples` as in
/// the legacy sample file), each with `Name` (or `vmName`), `Notes` (the
/// billing JSON, as a string or an object), `State` (`Running` or Hyper-V's
/// number 2) and `CreationTime` (ISO 8601, or PowerShell 5's `/Date(ms)/`).
public enum HyperVInventory {
    public static func read(_ document: SettingsNode, fields: VMRules.NotesFields, clock: LocalClock,
                            errors: inout InputErrorList) -> [VMRecord] {
        let vms: [SettingsNode]
        do throws(InputError) {
            if case .object = document.value {
                let o = try document.object()
                guard let list = o.value("vms") ?? o.value("examples") else {
                    throw document.error("expected a list of VMs (or an object with one under \"vms\")")
                }
                o.ignore("_comment")
                vms = try list.array()
            } else {
                vms = try document.array()
            }
        } catch {
            errors.add(error)
            return []
        }
        var records: [VMRecord] = []
        for vm in vms {
            do throws(InputError) {
                records.append(try record(vm, fields: fields, clock: clock))
            } catch {
                errors.add(error)
            }
        }
        return records
    }

    static func record(_ vm: SettingsNode, fields: VMRules.NotesFields, clock: LocalClock) throws(InputError) -> VMRecord {
        let o = try vm.object()
        func first(_ keys: String...) -> SettingsNode? {
            for k in keys { if let v = o.value(k) { return v } }
            return nil
        }
        guard let nameNode = first("Name", "vmName", "VMName", "name") else { throw vm.error("missing the VM's Name") }
        let name = try nameNode.string()
        let notes: SettingsNode
        do throws(InputError) {
            notes = try billingNotes(first("Notes", "notes"), vm: vm, name: name, fields: fields)
        } catch {
            var record = VMRecord(name: name, tier: nil, owner: .nobody, file: vm.origin.file, line: vm.origin.line, tierField: "Notes")
            record.notesError = error
            try describeState(&record, first("State", "state"), created: first("CreationTime", "creationTime", "creationDate"), clock: clock)
            return record
        }
        let n = try notes.object()
        let tierNode = n.value(fields.vmTier)
        var record = VMRecord(
            name: name, tier: try tierNode?.text(),
            owner: ChargeOwner(piEmail: try n.value(fields.piEmail)?.text(), projectId: try n.value(fields.projectId)?.text(),
                               fundOrg: try n.value(fields.fundOrg)?.text()),
            subsidyPercent: try n.value(fields.subsidyPercent)?.percent(), active: try n.value(fields.active)?.bool(),
            file: vm.origin.file, line: vm.origin.line, tierField: tierNode?.origin.path ?? "\(notes.origin.path).\(fields.vmTier)")
        try describeState(&record, first("State", "state"), created: first("CreationTime", "creationTime", "creationDate"), clock: clock)
        return record
    }

    /// The billing JSON in a VM's Notes (a string holding JSON, or an object).
    static func billingNotes(_ node: SettingsNode?, vm: SettingsNode, name: String, fields: VMRules.NotesFields) throws(InputError) -> SettingsNode {
        let hint = "expected its billing JSON (\(fields.vmTier), \(fields.piEmail), …), or exclude it (convert.vm.exclude_patterns)"
        guard let node else { throw vm.error("VM \(FocusText.quote(name)) has no Notes: \(hint)") }
        guard case .string(let text) = node.value else { return node }
        guard !text.trimmedWhitespace.isEmpty else { throw node.error("VM \(FocusText.quote(name)) has empty Notes: \(hint)") }
        do throws(InputError) {
            var parsed = try JSONDocument.parse(text, file: node.origin.file)
            parsed.rebase(onto: node.origin)
            return parsed
        } catch {
            throw node.error("VM \(FocusText.quote(name)): its Notes are not JSON (\(error.message))")
        }
    }

    static func describeState(_ record: inout VMRecord, _ state: SettingsNode?, created: SettingsNode?, clock: LocalClock) throws(InputError) {
        if let state {
            switch state.value {
            case .string(let s): record.running = s.caseInsensitiveCompare("Running") == .orderedSame
            case .number(let n): record.running = n == "2"  // Hyper-V's VMState.Running
            default: throw state.wrongType("a VM state (Running, Off … or Hyper-V's number)")
            }
        }
        if let created { record.created = try day(created, clock: clock) }
    }

    /// `2024-06-15`, `2024-06-15T10:11:12.1234567-04:00` (the date as written), or `/Date(1718409600000)/` (local date).
    static func day(_ node: SettingsNode, clock: LocalClock) throws(InputError) -> CivilDay {
        let text = try node.string().trimmedWhitespace
        if text.hasPrefix("/Date("), text.hasSuffix(")/") {
            let inner = text.dropFirst(6).dropLast(2)
            let digits = inner.prefix { $0 == "-" || $0.isNumber }
            if let ms = Int64(digits) { return clock.day(at: ms >= 0 ? ms / 1000 : (ms - 999) / 1000) }
        } else if let day = CivilDay(iso: String(text.prefix(10))), text.count == 10 || ["T", " "].contains(text.dropFirst(10).first) {
            return day
        }
        throw node.error("expected a date (YYYY-MM-DD, an ISO 8601 time or /Date(ms)/), got \(FocusText.quote(text))")
    }
}

extension SettingsNode {
    /// Origins of a document parsed from a string inside another: the outer
    /// file and line, the path continued from where the string was.
    mutating func rebase(onto outer: SettingsOrigin) {
        let inner = origin.path
        origin = SettingsOrigin(file: outer.file, line: outer.line, path: inner.isEmpty ? outer.path : "\(outer.path).\(inner)")
        switch value {
        case .object(var members):
            for i in members.indices { members[i].node.rebase(onto: outer) }
            value = .object(members)
        case .array(var items):
            for i in items.indices { items[i].rebase(onto: outer) }
            value = .array(items)
        default: break
        }
    }
}

/// A plain VM inventory CSV: `name`, `tier`, `running_days` (required);
/// `subsidy_percent`, `active`, and the billing fields `pi_email`,
/// `project_id`, `fund_org`, `cost_center`, `account_code`, `reference_1`,
/// `reference_2` (optional); every other column is a tag with its header as key.
public enum VMInventoryCSV {
    static let ownerColumns = ["pi_email", "project_id", "fund_org", "cost_center", "account_code", "reference_1", "reference_2"]

    public static func read(file path: String, errors: inout InputErrorList) -> [VMRecord] {
        var records: [VMRecord] = []
        let known = Set(["name", "tier", "running_days", "subsidy_percent", "active"] + ownerColumns)
        CSVTable.read(path, required: ["name", "tier", "running_days"], expected: "a VM inventory: name, tier, running_days …", errors: &errors) { (row: CSVTable.Row) throws(InputError) in
            func cell(_ name: String) -> String? { row(name).isEmpty ? nil : row(name) }
            guard let name = cell("name") else { throw row.error("name", "expected the VM's name, got an empty value") }
            guard let days = try? Exact(decimal: row("running_days")), !days.isNegative else {
                throw row.error("running_days", "expected a number of days of 0 or more, got \(FocusText.quote(row("running_days")))")
            }
            var subsidy: Exact?
            if let s = cell("subsidy_percent") {
                guard let v = try? Exact(decimal: s), !v.isNegative, !(Exact.hundred < v) else {
                    throw row.error("subsidy_percent", "expected a percentage from 0 to 100, got \(FocusText.quote(s))")
                }
                subsidy = v
            }
            var active: Bool?
            if let a = cell("active") {
                switch a.lowercased() {
                case "true", "yes", "1": active = true
                case "false", "no", "0": active = false
                default: throw row.error("active", "expected true or false, got \(FocusText.quote(a))")
                }
            }
            let owner = ChargeOwner(piEmail: cell("pi_email"), projectId: cell("project_id"), fundOrg: cell("fund_org"),
                                    costCenter: cell("cost_center"), accountCode: cell("account_code"),
                                    reference1: cell("reference_1"), reference2: cell("reference_2"))
            var tags: [ExtraTag] = []
            for (i, key) in row.columns.enumerated() where !known.contains(key.lowercased()) && !key.isEmpty && !row.cells[i].isEmpty {
                tags.append(ExtraTag(key, row.cells[i]))
            }
            records.append(VMRecord(name: name, tier: cell("tier"), owner: owner, tags: tags, subsidyPercent: subsidy,
                                    active: active, runningDays: days, file: path, line: row.line, tierField: "tier"))
        }
        return records
    }
}
