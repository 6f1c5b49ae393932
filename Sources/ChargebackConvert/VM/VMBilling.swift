import ChargebackCore

/// VMs → one charge per VM for the month, by `VMRules`.
///
/// Proration: a VM created during the month pays from its creation day to
/// the month's end, both included (created on the 1st: the whole month); a
/// VM created after the month is not billed. An inventory CSV gives the
/// running days instead. List = annual cost / 12 × days / days in month;
/// billed = list × (100 − subsidy) / 100.
public struct VMBilling {
    public var rules: VMRules
    public var period: BillingPeriod

    public init(rules: VMRules, period: BillingPeriod) {
        self.rules = rules
        self.period = period
    }

    public struct Result {
        public var lines: [ChargeLine] = []
        public var notes = ConversionNotes()
    }

    public func charges(_ records: [VMRecord], errors: inout InputErrorList) -> Result {
        var result = Result()
        var excluded: [String] = []
        var off: [String] = []
        var inactive: [String] = []
        var later: [String] = []
        var prorated = 0
        var unowned: [String] = []
        var names: [String: VMRecord] = [:]
        for vm in records {
            if let first = names[vm.name] {
                errors.add(InputError(file: vm.file, line: vm.line, column: "name",
                                      message: "VM \(FocusText.quote(vm.name)) is listed twice (first at \(first.file):\(first.line))"))
                continue
            }
            names[vm.name] = vm
            if rules.excludePatterns.contains(where: { $0.matches(vm.name) }) {
                excluded.append(vm.name)
                continue
            }
            if vm.running == false && !rules.includeOff {
                off.append(vm.name)
                continue
            }
            if let problem = vm.notesError {
                errors.add(problem)
                continue
            }
            if !(vm.active ?? rules.defaultActive) {
                inactive.append(vm.name)
                continue
            }
            guard let tierName = vm.tier else {
                errors.add(InputError(file: vm.file, line: vm.line, column: vm.tierField,
                                      message: "VM \(FocusText.quote(vm.name)) has no tier: expected one of \(rules.tiers.keys.sorted().joined(separator: ", "))"))
                continue
            }
            guard let tier = rules.tiers[tierName] else {
                errors.add(InputError(file: vm.file, line: vm.line, column: vm.tierField,
                                      message: "VM \(FocusText.quote(vm.name)): tier \(FocusText.quote(tierName)) has no price: expected one of \(rules.tiers.keys.sorted().joined(separator: ", "))"))
                continue
            }
            let days: Exact
            if let running = vm.runningDays {
                guard !(Exact(period.dayCount) < running) else {
                    errors.add(InputError(file: vm.file, line: vm.line, column: "running_days",
                                          message: "VM \(FocusText.quote(vm.name)) ran \(running.decimalText(digits: 4)) days, more than the \(period.dayCount) days of \(period)"))
                    continue
                }
                days = running
            } else if let created = vm.created, period.firstDay < created {
                guard period.contains(created) else {
                    later.append(vm.name)
                    continue
                }
                days = Exact(period.dayCount - created.day + 1)
            } else {
                days = Exact(period.dayCount)
            }
            if days != Exact(period.dayCount) { prorated += 1 }
            let subsidy = vm.subsidyPercent ?? rules.defaultSubsidyPercent
            do {
                let monthly = try tier.annualCost / Exact(12)
                let list = try monthly * days / Exact(period.dayCount)
                let billed = try list * (Exact.hundred - subsidy) / Exact.hundred
                let amounts = try ChargeAmounts(list: list, contracted: list, billed: billed)
                if vm.owner.piEmail == nil { unowned.append(vm.name) }
                var description = "\(tierName) tier\(tier.description.map { " (\($0))" } ?? "") at \(tier.annualCost.readableText(digits: 4, minimumDigits: 2)) a year"
                if days != Exact(period.dayCount) { description += ", \(days.readableText(digits: 4)) of \(period.dayCount) days" }
                if !subsidy.isZero { description += ", \(subsidy.decimalText(digits: 4))% subsidy" }
                let tags = vm.tags + [ExtraTag("vm_tier", tierName), ExtraTag("vm_days", days.decimalText(digits: 4))]
                result.lines.append(ChargeLine(
                    chargeStart: period.firstDay, chargeEnd: period.endDay, serviceName: rules.serviceName,
                    resourceId: vm.name, resourceName: vm.name, description: description, sku: tierName,
                    list: amounts.list, contracted: amounts.contracted, billed: amounts.billed, owner: vm.owner, tags: tags))
            } catch {
                errors.add(InputError(file: vm.file, line: vm.line, column: "", message: "VM \(FocusText.quote(vm.name)): \(error)"))
            }
        }
        var notes = ConversionNotes()
        notes.notes.append("\(records.count) VM\(records.count == 1 ? "" : "s") read, \(result.lines.count) billed"
            + (prorated > 0 ? " (\(prorated) for part of the month)" : ""))
        if !excluded.isEmpty { notes.notes.append("\(excluded.count) excluded by name (convert.vm.exclude_patterns): \(excluded.joined(separator: ", "))") }
        if !off.isEmpty { notes.notes.append("\(off.count) not running, not billed (convert.vm.include_off): \(off.joined(separator: ", "))") }
        if !inactive.isEmpty { notes.notes.append("\(inactive.count) inactive (\(rules.notesFields.active) false), not billed: \(inactive.joined(separator: ", "))") }
        if !later.isEmpty { notes.notes.append("\(later.count) created after \(period), not billed: \(later.joined(separator: ", "))") }
        for name in unowned { notes.warnings.append("VM \(FocusText.quote(name)) names no PI: ingest flags its charge for review") }
        result.notes = notes
        return result
    }
}
