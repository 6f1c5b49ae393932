import ArgumentParser
import ChargebackConvert
import ChargebackCore

struct ConvertSlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Slurm jobs (sacct) → HPC charges per account and partition, or per job.",
        discussion: """
            Runs sacct for the period (or reads saved `sacct --parsable2` output with --sacct-file) and \
            prices each billed job's service units: AllocCPUS × seconds × the partition's multiplier / 3600, \
            at the rate, less the partition's subsidy. A job is billed in the month it ended, split by \
            the months it ran in.

            Example: openchargeback convert slurm -p 2026-10 --legacy-config /etc/slurm-billing --ingest
            """)

    @OptionGroup var options: ConvertOptions

    @Option(help: "Read this saved sacct --parsable2 output instead of running sacct.")
    var sacctFile: String?

    @Option(help: "The legacy tiers.json (partitions, rate, billable states, excluded accounts).")
    var tiers: String?

    @Option(help: "The legacy accounts.json (Slurm account → PI, project, fund/org).")
    var accounts: String?

    @Flag(help: "One charge per job instead of per account and partition.")
    var perJob = false

    @Option(help: "The IANA time zone of sacct's times and of the month boundaries (default: convert.slurm.time_zone, else the system's).")
    var timeZone: String?

    func run() throws {
        let config = try options.global.loadConfig()
        let settings = config.convert.slurm
        let tiersRules = try options.rules(tiers, "tiers.json", settings.tiers, required: "Slurm rules (convert.slurm.tiers: the legacy tiers.json)")!
        let accountsRules = try options.rules(accounts, "accounts.json", settings.accounts)
        let zoneName = timeZone ?? settings.timeZone
        var clock = LocalClock()
        if let zoneName {
            guard let zone = LocalClock(identifier: zoneName) else { throw CommandFailure("unknown time zone \"\(zoneName)\" (expected an IANA name such as America/Chicago)") }
            clock = zone
        }
        let input: SlurmConvertRequest.Input = sacctFile.map { .file(options.absolute($0)) }
            ?? .sacct(SacctCommand(program: settings.sacct, clusters: settings.clusters, timeZone: zoneName))
        var request = SlurmConvertRequest(period: options.period, tiers: tiersRules, accounts: accountsRules,
                                          grouping: perJob || settings.groupBy == .job ? .job : .accountPartition,
                                          clock: clock, input: input)
        request.skipInvalid = options.skipInvalid
        try options.run(config: config, defaultSource: settings.source) { target throws(ConvertFailure) in try request.run(into: target) }
    }
}
