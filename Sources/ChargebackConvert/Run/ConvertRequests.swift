import ChargebackCore

/// `convert slurm`: job records (from sacct, or saved sacct output) → FOCUS.
public struct SlurmConvertRequest: Sendable {
    public enum Input: Sendable {
        case sacct(SacctCommand)
        case file(String)
    }

    public var period: BillingPeriod
    public var tiers: ConverterRules
    public var accounts: ConverterRules?
    public var grouping: SlurmRules.Grouping
    public var clock: LocalClock
    public var input: Input
    /// List bad input as warnings and convert the rest.
    public var skipInvalid = false

    public init(period: BillingPeriod, tiers: ConverterRules, accounts: ConverterRules?, grouping: SlurmRules.Grouping,
                clock: LocalClock, input: Input) {
        self.period = period
        self.tiers = tiers
        self.accounts = accounts
        self.grouping = grouping
        self.clock = clock
        self.input = input
    }

    public func run(into target: FocusFileTarget) throws(ConvertFailure) -> ConvertReport {
        var warnings: [String] = []
        let rules = try FocusFile.rules { () throws(InputError) -> SlurmRules in
            try SlurmRules(tiers: tiers.load(), accounts: accounts?.load(), grouping: grouping, warnings: &warnings)
        }
        let conversion = SlurmConversion(rules: rules, period: period, clock: clock, skipInvalid: skipInvalid)
        return try FocusFile.write(target) { (writer: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            var notes: ConversionNotes
            switch input {
            case .file(let path):
                let lines: LineReader
                do throws(InputError) { lines = try LineReader(path: path) } catch { throw ConvertFailure(error) }
                notes = try conversion.run(lines, into: &writer)
            case .sacct(let command):
                notes = try command.run(period: period) { (lines: LineReader) throws(ConvertFailure) -> ConversionNotes in
                    try conversion.run(lines, into: &writer)
                }
            }
            notes.warnings = warnings + notes.warnings
            return notes
        }
    }
}

/// `convert storage`: an Isilon quota list, or Qumulo nightly samples → FOCUS.
public struct StorageConvertRequest: Sendable {
    public enum System: Sendable {
        /// A quota list (JSON), priced by `rates`, described by `projects` (path → owner).
        case isilon(quotas: String, rates: ConverterRules, projects: ConverterRules?, usageField: String)
        /// Sample files (CSV or quota JSON per night), priced by `rates`, described by the projects' `.openchargeback.json`.
        case qumulo(samples: [String], rates: ConverterRules, projectsRoot: String?, excludes: [ConfigRegex])
    }

    public var period: BillingPeriod
    public var units: ByteUnits
    public var system: System
    /// List bad input as warnings and convert the rest.
    public var skipInvalid = false

    public init(period: BillingPeriod, units: ByteUnits, system: System) {
        self.period = period
        self.units = units
        self.system = system
    }

    public func run(into target: FocusFileTarget) throws(ConvertFailure) -> ConvertReport {
        var warnings: [String] = []
        var errors = InputErrorList()
        let billing: StorageBilling
        let samples: [StorageSample]
        var extra = ConversionNotes()
        switch system {
        case let .isilon(quotas, ratesFile, projectsFile, usageField):
            let (rates, directories) = try FocusFile.rules { () throws(InputError) -> (StorageRates, [String: StorageDirectory]) in
                let rates = try StorageSettings.isilonRates(ratesFile.load(), units: units, warnings: &warnings)
                guard let projectsFile else { return (rates, [:]) }
                return (rates, try StorageSettings.isilonProjects(projectsFile.load(), units: units, warnings: &warnings))
            }
            let list = IsilonQuotaList.read(try FocusFile.rules { () throws(InputError) in try JSONDocument.read(file: quotas) },
                                            usageField: usageField, errors: &errors)
            samples = list.samples
            for (type, n) in list.otherTypes.sorted(by: { $0.key < $1.key }) {
                extra.notes.append("\(n) \(type) quota\(n == 1 ? "" : "s") not billed (only directory quotas are)")
            }
            billing = StorageBilling(rates: rates, period: period, directories: directories, key: { StoragePath.normalized($0) })
        case let .qumulo(files, ratesFile, root, excludes):
            let rates = try FocusFile.rules { () throws(InputError) -> StorageRates in
                try StorageSettings.qumuloRates(ratesFile.load(), units: units, warnings: &warnings)
            }
            var directories: [String: StorageDirectory] = [:]
            if let root {
                let scan = QumuloProjects.scan(root: root, excludes: excludes, units: units, errors: &errors, warnings: &warnings)
                directories = scan.directories
                if !scan.undescribed.isEmpty {
                    extra.warnings.append("\(scan.undescribed.count) project folder\(scan.undescribed.count == 1 ? " has" : "s have") no \(QumuloProjects.metadataFile): \(scan.undescribed.joined(separator: ", "))")
                }
            } else {
                extra.warnings.append("no projects root (convert.storage.qumulo.projects_root or --projects-root): no directory has billing metadata")
            }
            var all: [StorageSample] = []
            for file in files { all += QumuloSamples.read(file: file, errors: &errors) }
            samples = all
            billing = StorageBilling(rates: rates, period: period, directories: directories, key: { StoragePath.lastComponent($0) })
            let measured = Set(samples.map { StoragePath.lastComponent($0.path) })
            let unmeasured = directories.keys.filter { !measured.contains($0) }.sorted()
            if !unmeasured.isEmpty { extra.notes.append("\(unmeasured.count) project\(unmeasured.count == 1 ? "" : "s") with no sample, no charge: \(unmeasured.joined(separator: ", "))") }
        }
        let result = billing.charges(samples, errors: &errors)
        let skipped = try errors.resolve(skip: skipInvalid)
        return try FocusFile.write(target) { (writer: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            for line in result.lines { try writer.add(line) }
            return ConversionNotes(notes: result.notes.notes + extra.notes,
                                   warnings: warnings + extra.warnings + result.notes.warnings + skipped)
        }
    }
}

/// `convert vm`: a Hyper-V inventory (JSON) or a plain inventory CSV → FOCUS.
public struct VMConvertRequest: Sendable {
    public enum Inventory: Sendable {
        case hyperV(String)
        case csv(String)
    }

    public var period: BillingPeriod
    public var tiers: ConverterRules
    public var excludePatterns: [ConfigRegex]
    public var includeOff: Bool
    public var clock: LocalClock
    public var inventory: Inventory
    /// List bad input as warnings and convert the rest.
    public var skipInvalid = false

    public init(period: BillingPeriod, tiers: ConverterRules, excludePatterns: [ConfigRegex], includeOff: Bool,
                clock: LocalClock, inventory: Inventory) {
        self.period = period
        self.tiers = tiers
        self.excludePatterns = excludePatterns
        self.includeOff = includeOff
        self.clock = clock
        self.inventory = inventory
    }

    public func run(into target: FocusFileTarget) throws(ConvertFailure) -> ConvertReport {
        var warnings: [String] = []
        let rules = try FocusFile.rules { () throws(InputError) -> VMRules in
            try VMRules(tiers: tiers.load(), excludePatterns: excludePatterns, includeOff: includeOff, warnings: &warnings)
        }
        var errors = InputErrorList()
        let records: [VMRecord]
        switch inventory {
        case .hyperV(let path):
            let document = try FocusFile.rules { () throws(InputError) in try JSONDocument.read(file: path) }
            records = HyperVInventory.read(document, fields: rules.notesFields, clock: clock, errors: &errors)
        case .csv(let path):
            records = VMInventoryCSV.read(file: path, errors: &errors)
        }
        let result = VMBilling(rules: rules, period: period).charges(records, errors: &errors)
        let skipped = try errors.resolve(skip: skipInvalid)
        return try FocusFile.write(target) { (writer: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            for line in result.lines { try writer.add(line) }
            return ConversionNotes(notes: result.notes.notes, warnings: warnings + result.notes.warnings + skipped)
        }
    }
}

/// `convert tokens`: the ChatGPT Edu usage export → FOCUS, with subsidies.
public struct TokensConvertRequest: Sendable {
    public var period: BillingPeriod
    public var usage: String
    public var pricing: ConverterRules
    public var projects: ConverterRules
    public var subsidies: ConverterRules?
    /// The subsidy state file; needed when a subsidy's window can span periods.
    public var statePath: String?
    /// Write the charges but leave the state file as it is.
    public var keepState: Bool
    /// List bad input as warnings and convert the rest.
    public var skipInvalid = false

    public init(period: BillingPeriod, usage: String, pricing: ConverterRules, projects: ConverterRules,
                subsidies: ConverterRules?, statePath: String?, keepState: Bool = false) {
        self.period = period
        self.usage = usage
        self.pricing = pricing
        self.projects = projects
        self.subsidies = subsidies
        self.statePath = statePath
        self.keepState = keepState
    }

    public func run(into target: FocusFileTarget) throws(ConvertFailure) -> ConvertReport {
        var warnings: [String] = []
        let rules = try FocusFile.rules { () throws(InputError) -> TokenRules in
            try TokenRules(pricing: pricing.load(), projects: projects.load(), subsidies: subsidies?.load(), warnings: &warnings)
        }
        let spansPeriods = rules.subsidies.contains { $0.enabled && $0.window != .month }
        if spansPeriods && statePath == nil {
            throw ConvertFailure("a subsidy's allowance spans months (fiscal_year, calendar_year or week): name a file to remember it in (convert.tokens.subsidy_state or --subsidy-state)")
        }
        let state = try statePath.map { path throws(ConvertFailure) in
            try FocusFile.rules { () throws(InputError) in try SubsidyState.read(path) }
        } ?? SubsidyState()
        var errors = InputErrorList()
        let rows = OpenAIUsage.read(file: usage, errors: &errors)
        let result = TokenBilling(rules: rules, period: period).charges(rows, state: state, file: usage, errors: &errors)
        let skipped = try errors.resolve(skip: skipInvalid)
        let report = try FocusFile.write(target) { (writer: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            for line in result.lines { try writer.add(line) }
            return ConversionNotes(notes: result.notes.notes, warnings: warnings + result.notes.warnings + skipped)
        }
        if let statePath, !keepState, spansPeriods { try result.state.write(statePath) }
        return report
    }
}
