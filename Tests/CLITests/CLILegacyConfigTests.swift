import Foundation
import Testing

/// A legacy Python OpenChargeback 0.4.1 config.yaml, used as its users use it
/// (issue 13): it loads, runs the monthly cycle, and in dev mode no mail
/// leaves the machine, with a real SMTP server listening.
@Suite(.serialized) struct CLILegacyConfigTests {
    static let period = "2026-10"

    /// Tests/LegacySupport/legacy-config.yaml (the legacy example's shape, written for the tests),
    /// with dev_mode, the folder of its paths and its SMTP server changed as a test needs.
    static func legacyConfig(devMode: Bool = false, prefix: String = "./instance/", sink: SMTPSink? = nil) throws -> String {
        var yaml = try String(contentsOfFile: CLI.repoRoot + "/Tests/LegacySupport/legacy-config.yaml", encoding: .utf8)
            .replacingOccurrences(of: "dev_mode: false", with: "dev_mode: \(devMode)")
            .replacingOccurrences(of: "./instance/", with: prefix)
        if let sink {
            yaml = yaml.replacingOccurrences(of: "host: smtp.example.edu", with: "host: 127.0.0.1")
                .replacingOccurrences(of: "port: 587", with: "port: \(sink.port)")
                .replacingOccurrences(of: "use_tls: true", with: "use_tls: false")
        }
        return yaml
    }

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func theLegacyConfigRunsTheCycleAndDevModeSendsNothingToAReachableServer() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        // The layout of the legacy tool's own sample run: config and ./ paths in one folder.
        let cli = try CLI(configYAML: try Self.legacyConfig(devMode: true, prefix: "./", sink: sink))
        let ledger = cli.folder + "/billing.db"

        let ingest = try cli.run(["ingest", CLI.sample("aws_2026-10.csv"), "-s", "AWS", "-p", Self.period])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // The warnings: the legacy paths note, the login variables, the Jinja template, web. One line each.
        let warnings = ingest.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings.count == 4, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("web: ignored:") && ingest.stderr.contains("journal.template: \"journal_gl.csv\" is a legacy Jinja template"))
        #expect(try CLI.sqlite(ledger, "SELECT name, display_name FROM sources") == ["aws|AWS"])
        // -s "AWS", -s aws: one source.
        let again = try cli.run(["ingest", CLI.sample("aws_2026-10.csv"), "-s", "aws", "-p", Self.period])
        #expect(again.status == 0 && again.stdout.contains("0 inserted, 0 updated"), "\(again.stdout)")
        // The legacy splunk log lines, in the configured file.
        let log = try String(contentsOfFile: cli.folder + "/logs/openchargeback.log", encoding: .utf8)
        #expect(log.split(separator: "\n").first?.contains("Z INFO  ingest ") == true, "\(log)")

        for args in [["review", "approve", "-p", Self.period], ["periods", "close", Self.period, "-n", "legacy cron"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }

        // Build: everything but the GL, which names the sources without a fund/org.
        let build = try cli.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("no GL journal for \(Self.period)") && build.stderr.contains("source \"aws\" has no fund/org to credit"),
                "\(build.stderr)")
        let finance = Self.files(cli.folder + "/_site/finance/\(Self.period)")
        #expect(finance.contains { $0.contains("detail") } && finance.contains { $0.contains("summary") } && !finance.contains { $0.contains("_gl") },
                "\(finance)")
        #expect(FileManager.default.fileExists(atPath: cli.folder + "/_site/index.html"))
        let gl = try cli.run(["export-journal", "-p", Self.period, "-f", "default"])
        #expect(gl.status == 1 && gl.stderr.contains("source \"aws\" has no fund/org to credit: set fund_org for it under imports.known_sources"))

        // Dev mode: notify and generate --send write files into output.email_dir, send nothing.
        let notify = try cli.run(["notify", "-p", Self.period])
        #expect(notify.status == 0, "\(notify.stderr)")
        let written = Self.files(cli.folder + "/output/emails").filter { $0.hasSuffix(".eml") }
        #expect(!written.isEmpty && notify.stdout.contains("\(written.count) written"), "\(notify.stdout)")
        let generate = try cli.run(["generate", "-p", Self.period, "--send", "--resend"])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(Self.files(cli.folder + "/output/emails").filter { $0.hasSuffix(".eml") }.count == 2 * written.count)
        #expect(try CLI.sqlite(ledger, "SELECT DISTINCT status FROM notifications") == ["dev_mode"])
        #expect(sink.messages().isEmpty)

        // The same server does receive mail once dev mode is off: it was reachable all along.
        let live = try Self.legacyConfig(devMode: false, prefix: "./", sink: sink)
        try live.write(toFile: cli.config, atomically: true, encoding: .utf8)
        let refused = try cli.run(["notify", "-p", Self.period, "--resend"])
        #expect(refused.status == 1 && refused.stderr.contains("smtp.username: environment variable SMTP_USER is not set"), "\(refused.stderr)")
        #expect(sink.messages().isEmpty)
        let noLogin = live.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("${SMTP_") }.joined(separator: "\n")
        try noLogin.write(toFile: cli.config, atomically: true, encoding: .utf8)
        let sent = try cli.run(["notify", "-p", Self.period, "--resend"])
        #expect(sent.status == 0 && sink.messages().count == written.count, "\(sent.stdout)\(sent.stderr)")
    }

    @Test func fromTheInstallFolderTheLedgerBesideTheConfigIsFoundAndNoneIsCreatedWhenItIsMissing() throws {
        // From another folder (cron's home), a legacy config's ledger is neither here nor beside it: nothing is created.
        let home = try CLI(configYAML: "# unused\n")
        let away = home.folder + "/away"
        try FileManager.default.createDirectory(atPath: away + "/instance", withIntermediateDirectories: true)
        try Self.legacyConfig().write(toFile: away + "/instance/config.yaml", atomically: true, encoding: .utf8)
        let lost = try home.run(["periods", "list", "-c", away + "/instance/config.yaml"], passConfig: false,
                                directory: home.folder + "/")
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("no ledger at \(home.folder)/instance/billing.db or \(away)/instance/instance/billing.db; nothing was created"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.folder + "/instance"))

        let cli = try CLI(configYAML: "# unused\n")
        let instance = cli.folder + "/instance"
        try FileManager.default.createDirectory(atPath: instance, withIntermediateDirectories: true)
        try Self.legacyConfig().write(toFile: instance + "/config.yaml", atomically: true, encoding: .utf8)
        let legacyArgs = ["-c", "instance/config.yaml"]

        // A first run from the install folder: the legacy rule's instance/billing.db is created, both paths named.
        let first = try cli.run(["periods", "open", "2025-01"] + legacyArgs, passConfig: false)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("creating a new ledger at \(instance)/billing.db (there is none there nor at \(instance)/instance/billing.db)"), "\(first.stderr)")
        #expect(!FileManager.default.fileExists(atPath: instance + "/instance"))

        // Then it is found.
        let found = try cli.run(["periods", "list"] + legacyArgs, passConfig: false)
        #expect(found.status == 0 && found.stdout.contains("2025-01"), "\(found.stderr)")
        #expect(!FileManager.default.fileExists(atPath: instance + "/instance"))

        // No -c: ./config.yaml first, then ./instance/config.yaml (the legacy default).
        try FileManager.default.removeItem(atPath: cli.config)
        let byDefault = try cli.run(["periods", "list"], passConfig: false)
        #expect(byDefault.status == 0 && byDefault.stdout.contains("2025-01") && byDefault.stderr.contains("web: ignored"), "\(byDefault.stderr)")

        // Our config run from another folder: its ledger beside it, nothing created where the command ran.
        let ours = try CLI(configYAML: "database:\n  path: ./ledger.sqlite\n")
        #expect(try ours.run(["periods", "open", "2025-02"]).status == 0)
        let elsewhere = try ours.run(["periods", "list", "-c", ours.config], passConfig: false, directory: cli.folder)
        #expect(elsewhere.status == 0 && elsewhere.stdout.contains("2025-02"), "\(elsewhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/ledger.sqlite"))
    }

    @Test func anUnknownCurrencySymbolNamesTheLineAndTheSetting() throws {
        let cli = try CLI(configYAML: "organization:\n  name: X\ncurrency: \"kr\"\n")
        let r = try cli.run(["periods", "list"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("config.yaml:3: currency: ") && r.stderr.contains("add currency_code:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.folder + "/openchargeback.sqlite"))
    }
}
