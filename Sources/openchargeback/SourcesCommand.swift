import ArgumentParser
import ChargebackCore

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List or add billing sources (config's imports.known_sources are added on first ingest).",
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources in the ledger and in the config.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try global.context()
            let registered = try context.run { try SourceRegistry(store: context.store).list() }
            var table = TextTable(["source", "display name", "in ledger", "file pattern", "fund/org", "account"])
            var names = registered.map(\.name)
            for known in context.config.imports.knownSources where !names.contains(known.name) { names.append(known.name) }
            for name in names.sorted() {
                let known = context.config.imports.source(named: name)
                let record = registered.first { $0.name == name }
                table.add([name, record?.displayName ?? known?.displayName ?? "", record == nil ? "no" : "yes",
                           known?.pattern?.source ?? "", known?.fundOrg ?? "", known?.accountCode ?? ""])
            }
            print(table.render(), terminator: "")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a source that is not in the config.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Argument(help: "Source name: lowercase letters, digits, - and _.") var name: String
        @Option(help: "Name shown on statements.") var displayName: String?

        func run() throws {
            let context = try global.context()
            _ = try context.run { try SourceRegistry(store: context.store).add(name: name, displayName: displayName, actor: actorOption.actor) }
            print("source \(name) added")
        }
    }
}
