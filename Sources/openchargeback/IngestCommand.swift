import ArgumentParser
import ChargebackCore
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import FOCUS CSV files into the ledger, all in one transaction.",
        discussion: """
            Every row lands as a charge (billable or flagged for review) or is reported as an input \
            error; with input errors nothing is committed unless --skip-invalid is given, which writes \
            the invalid rows to a rejects CSV. Re-ingesting a file changes nothing.

            Example: openchargeback ingest sample_data/aws_2026-10.csv -s aws -p 2026-10
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption

    @Argument(help: "FOCUS CSV files.")
    var files: [String]

    @Option(name: [.short, .customLong("source")], help: "Source of the files (default: detected from the file name by imports.known_sources patterns).")
    var source: String?

    @Option(name: [.short, .customLong("period")], help: "Expected billing period YYYY-MM; rows of another period are flagged period_mismatch.")
    var period: BillingPeriod?

    @Flag(help: "Validate and count, commit nothing.")
    var dryRun = false

    @Flag(help: "Commit the valid rows and write invalid ones to a rejects CSV.")
    var skipInvalid = false

    func run() throws {
        let context = try global.context()
        let request = IngestRequest(files: files, source: source, period: period, dryRun: dryRun, skipInvalid: skipInvalid,
                                    actor: actorOption.actor, rejectsDirectory: context.config.output.rejectsDir)
        let report = try Self.ingest(request, context: context)
        if !report.committed && !dryRun { throw ExitCode(1) }
        if dryRun && report.inputErrors > 0 && !skipInvalid { throw ExitCode(1) }
    }

    /// Runs an ingest and prints its summary: `ingest`, and `convert --ingest`.
    static func ingest(_ request: IngestRequest, context: CommandContext) throws -> IngestReport {
        let events = IngestEvents(inputError: { Terminal.write($0.description + "\n") }, progress: Terminal.progress())
        let report = try context.run {
            try IngestRun(store: context.store, rules: IngestRules(config: context.config), events: events).run(request)
        }
        context.logger.info("ingest", metadata: [
            "files": "\(request.files.count)", "rows": "\(report.rowsRead)", "inserted": "\(report.inserted)",
            "updated": "\(report.updated)", "unchanged": "\(report.unchanged)", "invalid": "\(report.invalid)",
            "committed": "\(report.committed)",
        ])
        print(IngestSummaryText(report: report, context: context).render(), terminator: "")
        return report
    }
}

/// The text `ingest` prints: per file, per period, and what happened.
struct IngestSummaryText {
    var report: IngestReport
    var context: CommandContext

    func render() -> String {
        var out = ""
        var files = TextTable(["file", "source", "rows", "inserted", "updated", "unchanged", "invalid", "flagged", "billed"],
                              rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for f in report.files {
            files.add([(f.path as NSString).lastPathComponent, f.source, "\(f.rowsRead)", "\(f.inserted)", "\(f.updated)",
                       "\(f.unchanged)", "\(f.invalid)", "\(f.flagged)", context.money(f.billed)])
        }
        out += files.render()
        if !report.periods.isEmpty {
            var periods = TextTable(["period", "rows", "billed (\(context.currency))", "flagged rows", "flagged (\(context.currency))"],
                                    rightAligned: [1, 2, 3, 4])
            for p in report.periods {
                periods.add([p.period.description, "\(p.rows)", context.money(p.billed), "\(p.flaggedRows)", context.money(p.flagged)])
            }
            out += "\n" + periods.render()
        }
        for f in report.files {
            if let rejects = f.rejectsPath { out += "\n\(f.invalid) invalid row\(f.invalid == 1 ? "" : "s") of \(f.path) written to \(rejects)\n" }
            if f.matchedLegacy > 0 {
                out += "\nnote: \(f.matchedLegacy) row\(f.matchedLegacy == 1 ? "" : "s") of \(f.path) matched charges carried over from the legacy ledger (same resource and charge period start): counted as updated or unchanged, not added again\n"
            }
            if f.revisedFromOtherFiles > 0 {
                out += "\nnote: \(f.revisedFromOtherFiles) charge\(f.revisedFromOtherFiles == 1 ? "" : "s") in \(f.path) revised charges first imported from another file; if these are separate parts of one export, ingest all parts together in one run\n"
            }
        }
        out += "\n"
        if report.dryRun {
            out += "dry run: nothing was committed (\(report.inserted) would be inserted, \(report.updated) updated, \(report.unchanged) unchanged)\n"
        } else if report.committed {
            out += "committed: \(report.inserted) inserted, \(report.updated) updated, \(report.unchanged) unchanged\n"
        } else {
            out += "nothing was committed: \(report.inputErrors) input error\(report.inputErrors == 1 ? "" : "s") (fix them, or use --skip-invalid to commit the valid rows)\n"
        }
        return out
    }
}
