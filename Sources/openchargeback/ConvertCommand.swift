import ArgumentParser
import ChargebackConvert
import ChargebackCore
import Foundation

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn HPC jobs, storage use, VMs or AI token usage into a FOCUS CSV that ingest reads as it is.",
        discussion: """
            Each kind reads its legacy converter's JSON rules (convert.KIND in config.yaml, or \
            --legacy-config DIR) and writes convert.output_dir/SOURCE_PERIOD.csv. Nothing is written \
            when any input line is bad: every bad line is listed. --ingest then ingests the file, as \
            `ingest FILE -s SOURCE -p PERIOD` does; the file stays as the record of what was ingested.

            Example: openchargeback convert slurm -p 2026-10 --ingest   (see docs/converters.md)
            """,
        subcommands: [ConvertSlurmCommand.self, ConvertStorageCommand.self, ConvertVMCommand.self, ConvertTokensCommand.self])
}

/// What every `convert KIND` takes: the period, where to write, the source, and `--ingest`.
struct ConvertOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption

    @Option(name: [.short, .customLong("period")], help: "The billing period to convert, YYYY-MM.")
    var period: BillingPeriod

    @Option(name: [.short, .customLong("output")], help: "The FOCUS file to write (default: convert.output_dir/SOURCE_PERIOD.csv).")
    var output: String?

    @Option(name: [.short, .customLong("source")], help: "The source the charges belong to (default: convert.KIND.source).")
    var source: String?

    @Flag(help: "Then ingest the file, as `ingest FILE -s SOURCE -p PERIOD` would (the file is kept).")
    var ingest = false

    @Flag(help: "List bad input lines as warnings and convert the rest (default: any bad line stops the conversion).")
    var skipInvalid = false

    @Option(name: .customLong("legacy-config"), help: "Folder of the legacy converter's JSON rules (its config/), instead of convert.KIND.")
    var legacyConfig: String?

    /// A legacy rules file: a named option first, then `--legacy-config DIR/NAME`, then the config.
    func rules(_ option: String?, _ fileName: String, _ configured: ConverterRules?, required what: String? = nil) throws -> ConverterRules? {
        if let option { return .file(absolute(option)) }
        if let legacyConfig {
            let path = absolute(legacyConfig) + "/" + fileName
            if FileManager.default.fileExists(atPath: path) || what != nil { return .file(path) }
            return nil
        }
        if let configured { return configured }
        if let what { throw CommandFailure("no \(what): set it in config.yaml (see docs/converters.md), or name the legacy file with its option or --legacy-config DIR") }
        return nil
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Runs the conversion, prints what it did, and ingests the file if asked.
    func run(config: AppConfig, defaultSource: String, _ convert: (FocusFileTarget) throws(ConvertFailure) -> ConvertReport) throws {
        let source = self.source ?? defaultSource
        guard KnownSource.isValidName(source) else {
            throw ValidationError("a source is lowercase letters, digits, _ or - (e.g. \(defaultSource)), got \"\(source)\"")
        }
        let path = output.map(absolute) ?? config.convert.outputDir + "/\(source)_\(period).csv"
        let target = FocusFileTarget(path: path, period: period, currency: config.currency, tagKeys: config.tagMapping)
        let report: ConvertReport
        do {
            report = try convert(target)
        } catch {
            throw CommandFailure(error.description)
        }
        for warning in report.notes.warnings { Terminal.warning(warning) }
        print(ConvertSummaryText(report: report, currency: config.currency, source: source, period: period, ingesting: ingest).render(), terminator: "")
        guard ingest else { return }
        print("")
        let context = try global.context(config: config)
        let request = IngestRequest(files: [report.path], source: source, period: period, actor: actorOption.actor,
                                    rejectsDirectory: config.output.rejectsDir)
        let ingested = try IngestCommand.ingest(request, context: context)
        if !ingested.committed { throw ExitCode(1) }
    }
}

/// The text `convert` prints: the file, its totals, and what was not billed.
struct ConvertSummaryText {
    var report: ConvertReport
    var currency: String
    var source: String
    var period: BillingPeriod
    var ingesting: Bool

    func render() -> String {
        var table = TextTable(["charges", "list (\(currency))", "contracted (\(currency))", "billed (\(currency))"], rightAligned: [0, 1, 2, 3])
        func money(_ s: MoneySum) -> String { MoneyFormat.display(cents: s.roundedToCents(), currency: "") }
        table.add(["\(report.rows)", money(report.list), money(report.contracted), money(report.billed)])
        var out = "wrote \(report.path)\n" + table.render()
        for note in report.notes.notes { out += "- \(note)\n" }
        if !ingesting { out += "ingest it with: openchargeback ingest \(report.path) -s \(source) -p \(period)\n" }
        return out
    }
}
