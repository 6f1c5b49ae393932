import ArgumentParser
import ChargebackCore

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List or add billing sources (config's imports.known_sources are added on first ingest).",
        subcommands: [List.self, Add.self, SyncStatus.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources in the ledger and in the config.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOption

        /// A source in the ledger, in the config, or both.
        private struct Row {
            var name: String
            var record: SourceRecord?
            var known: KnownSource?
            var displayName: String? { record?.displayName ?? known?.displayName }
        }

        private static let schema = RecordSchema<Row>([
            ("name", { .text($0.name) }),
            ("display_name", { .text($0.displayName) }),
            ("in_ledger", { .bool($0.record != nil) }),
            ("in_config", { .bool($0.known != nil) }),
            ("created_at", { .text($0.record?.createdAt) }),
            ("pattern", { .text($0.known?.pattern?.source) }),
            ("fund_org", { .text($0.known?.fundOrg) }),
            ("account_code", { .text($0.known?.accountCode) }),
        ])

        func run() throws {
            let context = try global.context()
            let registered = try context.run { try SourceRegistry(store: context.store).list() }
            var names = registered.map(\.name)
            for known in context.config.imports.knownSources where !names.contains(known.name) { names.append(known.name) }
            let rows = names.sorted().map { name in
                Row(name: name, record: registered.first { $0.name == name }, known: context.config.imports.source(named: name))
            }
            var table = TextTable(["source", "display name", "in ledger", "file pattern", "fund/org", "account"])
            for row in rows {
                table.add([row.name, TextCell.clip(row.displayName ?? ""), row.record == nil ? "no" : "yes",
                           row.known?.pattern?.source ?? "", row.known?.fundOrg ?? "", row.known?.accountCode ?? ""])
            }
            output.print(table: table.render(), records: Self.schema.records("sources", rows))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a source that is not in the config (nothing changes if it exists).",
            discussion: """
                The name becomes its slug (lowercase; other characters -): `sources add "Azure Local"` registers \
                azure-local, shown as Azure Local unless -d gives a display name.
                Example: openchargeback sources add gcp -d "Google Cloud"
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actorOption: ActorOption
        @Argument(help: "Source name (e.g. gcp, or \"Azure Local\").") var name: String
        @Option(name: [.short, .customLong("display-name")], help: "Name shown on statements.") var displayName: String?
        @Option(name: [.short, .customLong("type")],
                help: "file (the default and only type; the legacy tool's option, kept so its command lines run).")
        var type: String = "file"

        func validate() throws {
            guard type == "file" else {
                throw ValidationError("source type \(type) is not supported: OpenChargeback reads each source's FOCUS export "
                    + "(the legacy tool never synced from an API either); write: openchargeback sources add \(name)"
                    + (displayName.map { " -d \"\($0)\"" } ?? "") + ", then ingest the export with -s")
            }
        }

        func run() throws {
            let context = try global.context()
            let slug = SourceName.slug(name)
            let shown = displayName ?? (slug == name ? nil : name)
            let registry = SourceRegistry(store: context.store)
            if try context.run({ try registry.list() }).contains(where: { $0.name == slug }) {
                print("source \(slug) exists already (unchanged)")
                return
            }
            _ = try context.run { try registry.add(name: slug.isEmpty ? name : slug, displayName: shown, actor: actorOption.actor) }
            print("source \(slug) added" + (slug == name ? "" : " (written \"\(TextCell.clip(name))\")"))
        }
    }

    /// The legacy tool's `sources sync-status`: there is no sync, so it says what to run instead.
    struct SyncStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync-status", abstract: "(legacy) There is no sync: use sources list.", shouldDisplay: false)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            throw CommandFailure("there is no `sources sync-status`: sources are not synced, their FOCUS exports are ingested. "
                + "Write `openchargeback sources list` (each source, whether it is in the ledger, its fund/org and account); "
                + "`openchargeback periods list` shows what was imported per period")
        }
    }
}
