import ArgumentParser
import ChargebackConvert
import ChargebackCore
import Foundation

struct ConvertVMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm",
        abstract: "A VM inventory (Hyper-V notes JSON, or a CSV) → monthly charges per VM by tier, prorated.",
        discussion: """
            hyperv: the JSON of Get-VM | Select-Object Name, Notes, State, CreationTime (the billing fields \
            in each VM's Notes, as the legacy Azure Local script read them). csv: name, tier, running_days \
            and the billing fields as columns. The tiers' annual costs come from the legacy tiers.json.

            Example: openchargeback convert vm vms.json -p 2026-10 --ingest
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case hyperv, csv
    }

    @OptionGroup var options: ConvertOptions

    @Argument(help: "The inventory file.")
    var inventory: String

    @Option(help: "hyperv or csv (default: from the file name: .json is hyperv, otherwise csv).")
    var format: Format?

    @Option(help: "The legacy tiers.json.")
    var tiers: String?

    @Flag(help: "Also bill VMs that were not running (default: convert.vm.include_off).")
    var includeOff = false

    func run() throws {
        let config = try options.global.loadConfig()
        let settings = config.convert.vm
        let path = options.absolute(inventory)
        let chosen = format ?? (path.lowercased().hasSuffix(".json") ? .hyperv : .csv)
        var request = VMConvertRequest(
            period: options.period,
            tiers: try options.rules(tiers, "tiers.json", settings.tiers, required: "VM tiers (convert.vm.tiers: the legacy tiers.json)")!,
            excludePatterns: settings.excludePatterns, includeOff: includeOff || settings.includeOff, clock: LocalClock(),
            inventory: chosen == .hyperv ? .hyperV(path) : .csv(path))
        request.skipInvalid = options.skipInvalid
        try options.run(config: config, defaultSource: settings.source) { target throws(ConvertFailure) in try request.run(into: target) }
    }
}
