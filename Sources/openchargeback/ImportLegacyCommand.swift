import ArgumentParser
import ChargebackCore
import ChargebackLegacy
import Foundation

struct ImportLegacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-legacy",
        abstract: "Bring a legacy OpenChargeback 0.4 ledger (billing.db) into our ledger, in one transaction.",
        discussion: """
            The legacy file is only read: its bytes and journal mode stay as they are. Our ledger is another \
            file: --into, else the config's database.path when a ledger of ours is there, else \
            openchargeback.sqlite beside the legacy file. -c is read for settings (tag_mapping). Running it \
            again changes nothing; a ledger that already has one of the periods is refused. See docs/legacy-ledger.md.

            Example: openchargeback import-legacy instance/billing.db --dry-run
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption

    @Argument(help: "The legacy billing.db (opened read-only, never changed).")
    var legacy: String

    @Option(name: .customLong("into"), help: ArgumentHelp("Our ledger file to import into (made when absent).", valueName: "our.sqlite"))
    var into: String?

    @Flag(help: "Read, convert and check everything; write nothing.")
    var dryRun = false

    func run() throws {
        let loaded = try global.loadIfPresent()
        let config = try loaded?.config ?? AppConfig.defaults(baseDirectory: FileManager.default.currentDirectoryPath)
        let report: LegacyImportReport
        do {
            let destination = try LegacyDestination.choose(legacy: legacy, into: into, configDatabasePath: loaded?.config.database.path,
                                                           cwd: FileManager.default.currentDirectoryPath)
            report = try LegacyImportRun().run(.init(legacyPath: legacy, destination: destination, tagMapping: config.tagMapping,
                                                     actor: actorOption.actor, dryRun: dryRun))
        } catch let error as CustomStringConvertible & Error {
            throw CommandFailure(error.description)
        }
        print(LegacyImportText(report: report, currency: config.currency, configFile: loaded?.path).render(), terminator: "")
    }
}

/// The text `import-legacy` prints: per period, the checks, and the one config line to change.
struct LegacyImportText {
    var report: LegacyImportReport
    var currency: String
    var configFile: String?

    func render() -> String {
        var out = "legacy ledger: \(report.legacyPath)\n  sha256 \(report.legacySHA256)"
            + (report.schemaVersion.map { ", legacy schema version \($0)" } ?? "") + " (read only, unchanged)\n"
        out += "our ledger:    \(report.destination.path) (\(destinationReason))\n"
        if let ignored = report.destination.configIgnored {
            out += "  (the config's database.path, \(ignored), holds no ledger of ours yet: use --into to put ours there)\n"
        }
        out += "\n"
        if case .alreadyImported(let previous) = report.outcome {
            return out + "already imported: this legacy file (same SHA-256) was imported into this ledger on \(previous.importedAt) "
                + "by \(previous.actor) (periods \(previous.periods.replacingOccurrences(of: ",", with: ", "))); nothing changed\n"
        }
        var table = TextTable(["period", "status", "charges", "rejected", "awaiting review", "billed, not rejected (\(currency))",
                               "billed, rejected (\(currency))"], rightAligned: [2, 3, 4, 5, 6])
        for p in report.periods {
            table.add([p.period.description, p.status.rawValue, "\(p.charges)", "\(p.rejected)", "\(p.awaitingReview)",
                       MoneyFormat.display(cents: p.billedNotRejected.roundedToCents(), currency: ""),
                       MoneyFormat.display(cents: p.billedRejected.roundedToCents(), currency: "")])
        }
        out += table.render()
        let c = report.counts
        out += "\nalso: \(c.sources) sources, \(c.imports) imports, \(c.statements) statements, \(c.notifications) e-mail log entries, "
            + "\(c.journalExports) journal exports, \(c.reviewLogs) review log entries; \(c.events) history entries kept in the audit log only\n"
        for renamed in report.renamedSources { out += "source \"\(renamed.legacy)\" is called \(renamed.ours) here\n" }
        if c.users > 0 { out += "not imported: \(c.users) users (the legacy web UI's logins and password hashes; there is no login here)\n" }
        let m = report.money
        out += "money: \(m.values) values converted (shortest round-trip decimal, then exact): \(m.inexactInBinary) not exact in binary, "
            + "\(m.beyondCents) with more than 2 decimals, \(m.rounded) with more than 9 decimals (rounded to the nano)\n"
        out += "legacy local times read in time zone \(report.timeZone) (set TZ to the legacy server's zone if it differs)\n"
        out += checks()
        for warning in report.warnings { out += "warning: \(warning)\n" }
        out += "\n"
        switch report.outcome {
        case .dryRun:
            out += "dry run: nothing was written\n"
        case .imported:
            out += "committed.\n"
            if report.destination.reason == .config {
                out += "Your config already points at it (database.path).\n"
            } else {
                out += "Next, the one setting to change in your config" + (configFile.map { " (\($0))" } ?? "")
                    + ", database.path:\n\n  database:\n    path: \(report.destination.path)\n"
            }
        case .alreadyImported:
            break
        }
        return out
    }

    private var destinationReason: String {
        switch report.destination.reason {
        case .into: "--into"
        case .config: "database.path of the config"
        case .besideLegacy: "beside the legacy file"
        }
    }

    /// Reconcile, the legacy sums and the legacy statements, each OK or what differs.
    private func checks() -> String {
        var out = ""
        for p in report.periods {
            out += "check \(p.period): reconcile \(p.reconciles ? "OK" : "MISMATCH"); legacy sums "
                + (p.sumsAgree ? "equal to the cent" : "DIFFER (legacy \(MoneyFormat.plain(p.legacyNotRejected)) not rejected, "
                    + "\(MoneyFormat.plain(p.legacyRejected)) rejected)") + "\n"
        }
        let statements = report.statements
        if !statements.isEmpty {
            let equal = statements.filter(\.agrees).count
            out += "check statements: \(equal) of \(statements.count) legacy statements (PI × project) equal ours to the cent\n"
            for s in statements where !s.agrees {
                out += "  \(s.period) \(s.piEmail) \(s.projectId): legacy \(MoneyFormat.plain(s.legacy)), ours "
                    + (s.ours.map { MoneyFormat.plain($0) } ?? "none") + "\n"
            }
        }
        return out
    }
}
