import ArgumentParser
import ChargebackConvert
import ChargebackCore

struct ConvertStorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Storage use (an Isilon quota list, or Qumulo nightly samples) → monthly charges per directory.",
        discussion: """
            isilon: FILE is `isi quota quotas list --format=json` output; rates.json and projects.json price \
            and describe the directories. qumulo: FILES are nightly samples (a CSV of date,path,bytes, or one \
            quota-status JSON per night with the date in its name); each project folder's \
            .openchargeback.json describes it. A directory is charged for its average use over the month.

            Example: openchargeback convert storage --system qumulo samples/2026-10.csv -p 2026-10 --ingest
            """)

    enum System: String, ExpressibleByArgument, CaseIterable {
        case isilon, qumulo
    }

    @OptionGroup var options: ConvertOptions

    @Option(help: "isilon or qumulo (default: the one convert.storage configures).")
    var system: System?

    @Argument(help: "The quota list (isilon) or the sample files (qumulo).")
    var files: [String]

    @Option(help: "The legacy rates.json.")
    var rates: String?

    @Option(help: "isilon: the legacy projects.json (directory path → PI, project, fund/org).")
    var projects: String?

    @Option(help: "qumulo: the folder holding the project folders and their .openchargeback.json.")
    var projectsRoot: String?

    @Option(help: "binary (GB = 2^30 bytes, TB = 2^40: the legacy scripts' unit) or decimal (10^9, 10^12). Default: convert.storage.unit.")
    var unit: StorageConvertConfig.Unit?

    func run() throws {
        let config = try options.global.loadConfig()
        let settings = config.convert.storage
        let chosen: System
        if let system {
            chosen = system
        } else {
            switch (settings.isilon.rates != nil, settings.qumulo.rates != nil) {
            case (true, false): chosen = .isilon
            case (false, true): chosen = .qumulo
            default: throw ValidationError("say which system the files come from: --system isilon or --system qumulo")
            }
        }
        let units: ByteUnits = (unit ?? settings.unit) == .decimal ? .decimal : .binary
        let paths = files.map(options.absolute)
        let storage: StorageConvertRequest.System
        switch chosen {
        case .isilon:
            guard paths.count == 1 else { throw ValidationError("isilon reads one quota list, got \(paths.count) files") }
            storage = .isilon(quotas: paths[0],
                              rates: try options.rules(rates, "rates.json", settings.isilon.rates, required: "Isilon rates (convert.storage.isilon.rates: the legacy rates.json)")!,
                              projects: try options.rules(projects, "projects.json", settings.isilon.projects),
                              usageField: settings.isilon.usageField)
        case .qumulo:
            storage = .qumulo(samples: paths,
                              rates: try options.rules(rates, "rates.json", settings.qumulo.rates, required: "Qumulo rates (convert.storage.qumulo.rates: the legacy rates.json)")!,
                              projectsRoot: projectsRoot.map(options.absolute) ?? settings.qumulo.projectsRoot,
                              excludes: settings.qumulo.excludePatterns)
        }
        var request = StorageConvertRequest(period: options.period, units: units, system: storage)
        request.skipInvalid = options.skipInvalid
        try options.run(config: config, defaultSource: settings.source) { target throws(ConvertFailure) in try request.run(into: target) }
    }
}

extension StorageConvertConfig.Unit: ExpressibleByArgument {}
