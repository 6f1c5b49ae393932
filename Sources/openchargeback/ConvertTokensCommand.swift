import ArgumentParser
import ChargebackConvert
import ChargebackCore

struct ConvertTokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "The OpenAI ChatGPT Edu usage export → charges per project and user, with subsidies.",
        discussion: """
            Prices each usage row's credits from the credit pool (pricing.json), attributes it through the \
            user's project (projects.json), and applies the first matching subsidy (subsidies.json), whose \
            use over the fiscal year is remembered in convert.tokens.subsidy_state.

            Example: openchargeback convert tokens openai-usage-2026-10.csv -p 2026-10 --ingest
            """)

    @OptionGroup var options: ConvertOptions

    @Argument(help: "The usage CSV exported from the ChatGPT Edu admin console.")
    var usage: String

    @Option(help: "The legacy pricing.json (credit pools).")
    var pricing: String?

    @Option(help: "The legacy projects.json (projects and their users).")
    var projects: String?

    @Option(help: "The legacy subsidies.json.")
    var subsidies: String?

    @Option(help: "The file remembering subsidy use between runs (default: convert.tokens.subsidy_state).")
    var subsidyState: String?

    @Flag(help: "Do not update the subsidy state file (a trial run).")
    var keepState = false

    func run() throws {
        let config = try options.global.loadConfig()
        let settings = config.convert.tokens
        var request = TokensConvertRequest(
            period: options.period, usage: options.absolute(usage),
            pricing: try options.rules(pricing, "pricing.json", settings.pricing, required: "token pricing (convert.tokens.pricing: the legacy pricing.json)")!,
            projects: try options.rules(projects, "projects.json", settings.projects, required: "token projects (convert.tokens.projects: the legacy projects.json)")!,
            subsidies: try options.rules(subsidies, "subsidies.json", settings.subsidies),
            statePath: subsidyState.map(options.absolute) ?? settings.subsidyState, keepState: keepState)
        request.skipInvalid = options.skipInvalid
        try options.run(config: config, defaultSource: settings.source) { target throws(ConvertFailure) in try request.run(into: target) }
    }
}
