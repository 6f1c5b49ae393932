import ArgumentParser
import ChargebackCore
import ChargebackRender
import ChargebackSite
import Foundation

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site: dashboard, period pages, one statement page per PI and period, finance page and journal files.",
        discussion: """
            Writes into a staging folder beside --out and swaps it in when complete. Pages whose data did not \
            change since the last build are kept, not rendered again. A finalized period is rendered once more, \
            archived (archive/openchargeback_P.zip, see `verify`) and frozen: later builds keep its files as they are. \
            The journal files it writes (when their bytes change) and the archives it makes are recorded in the ledger \
            under --by (see `log`). SOURCE_DATE_EPOCH, when set, is the build \
            date shown in page footers (otherwise pages carry no build time).
            Example: openchargeback build -c config.yaml
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actorOption: ActorOption
    @Option(help: "Site folder. Default: output.site_dir from the config.") var out: String?
    @Option(name: [.short, .customLong("period")], parsing: .upToNextOption,
            help: "Render these periods again even if unchanged (YYYY-MM; other periods are kept when unchanged).")
    var periods: [BillingPeriod] = []
    @Option(help: "Threads that render pages. Default: one per core.") var jobs: Int?

    func run() throws {
        let context = try global.context()
        let environment = ProcessInfo.processInfo.environment
        var epoch: Int?
        if let text = environment["SOURCE_DATE_EPOCH"] {
            guard let value = Int(text), value >= 0 else {
                throw CommandFailure("SOURCE_DATE_EPOCH: expected seconds since 1970 (a whole number), got \"\(text)\"")
            }
            epoch = value
        }
        let out = out.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? context.config.output.siteDir
        let options = SiteBuildOptions(out: out, forcePeriods: Set(periods), sourceDateEpoch: epoch,
                                       jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, actor: actorOption.actor,
                                       progress: Terminal.progress())
        let summary = try context.run { try SiteBuild(store: context.store, config: context.config, options: options).run() }
        for warning in summary.warnings { Terminal.warning(warning) }
        let rendered = summary.periodsRendered.map(\.description).joined(separator: " ")
        let kept = summary.periodsKept.map(\.description).joined(separator: " ")
        print("site: \(summary.out)")
        print("files: \(summary.filesWritten) written, \(summary.filesKept) kept unchanged; \(summary.pis) PIs")
        print("periods rendered: \(rendered.isEmpty ? "none" : rendered); kept: \(kept.isEmpty ? "none" : kept)")
        printFrozen(summary)
        for (period, problems) in summary.journalProblems.sorted(by: { $0.key < $1.key }) {
            Terminal.warning("no GL journal for \(period) (it could not balance; detail and summary were written):\n  - "
                             + problems.joined(separator: "\n  - "))
        }
        switch context.config.site.access.mode {
        case .none: break
        case .apache:
            print("access rules: .htaccess in \(summary.accessFiles.count) folders (site.access; docs/access.md)")
        case .nginx:
            print("access rules: include \(summary.out)/\(NginxRules.httpFile) in http {} and "
                  + "\(summary.out)/\(NginxRules.serverFile) in the site's server {}; reload nginx (nginx -s reload)")
        }
        print("preview: python3 -m http.server --directory \(summary.out) 8000, then open http://localhost:8000/")
    }

    /// Which finalized periods were archived now and which stayed frozen; a --period that names a frozen one is not rendered.
    private func printFrozen(_ summary: SiteBuildSummary) {
        for p in summary.periodsArchived {
            print("archived \(p): \(summary.out)/\(SitePaths.archive(p)) (frozen from now on)")
        }
        if !summary.periodsFrozen.isEmpty {
            print("frozen (finalized, kept as archived): " + summary.periodsFrozen.map(\.description).joined(separator: " "))
        }
        for p in summary.periodsRearchived {
            Terminal.warning("\(p) was frozen, but its files were missing from the previous site: rendered and archived again")
        }
        for p in periods where summary.periodsFrozen.contains(p) {
            Terminal.warning("--period \(p): finalized and frozen, not rendered again (its archive is the record)")
        }
    }
}
