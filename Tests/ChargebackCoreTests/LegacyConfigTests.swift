import Foundation
import Logging
import Testing
@testable import ChargebackCore

/// The legacy Python tool's config.yaml loads here and means what it meant
/// there (issue 13): keys, defaults, paths, currency symbols, log levels,
/// source names, empty fund/orgs, dev mode.
@Suite struct LegacyConfigTests {
    /// Tests/LegacySupport/legacy-config.yaml: the legacy example's shape, written for the tests.
    static let legacyExample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LegacySupport/legacy-config.yaml").path

    /// Parses `yaml` as a file in `folder`, run from `cwd`.
    private func parse(_ yaml: String, folder: String = "/srv/ocb/instance", cwd: String = "/srv/ocb",
                       environment: [String: String] = [:]) throws -> LoadedConfig {
        try ConfigLoader.parse(yaml: yaml, file: "instance/config.yaml", baseDirectory: folder, workingDirectory: cwd, environment: environment)
    }

    private func parseError(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConfigError {
        do {
            _ = try parse(yaml)
        } catch let error as ConfigError {
            return error
        }
        Issue.record("expected a configuration error", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    @Test func theLegacyExampleLoadsWithItsMeaningAndOneWarningPerIgnoredKey() throws {
        let yaml = try String(contentsOfFile: Self.legacyExample, encoding: .utf8)
        let loaded = try parse(yaml.replacingOccurrences(of: "dev_mode: false", with: "dev_mode: true"))
        let c = loaded.config
        #expect(c.dialect == .legacy)
        #expect(c.currency == "USD")
        // Relative paths from the working directory, as the legacy tool read them.
        #expect(c.database.path == "/srv/ocb/instance/billing.db")
        #expect(c.output.pdfDir == "/srv/ocb/instance/output/pdfs")
        #expect(c.output.journalDir == "/srv/ocb/instance/output/journals")
        #expect(c.logging.file == "/srv/ocb/instance/logs/openchargeback.log")
        // dev_mode and output.email_dir: no mail leaves, messages go to email_dir.
        #expect(c.email.devMode)
        #expect(c.email.outboxDir == "/srv/ocb/instance/output/emails")
        #expect(c.email.subject(period: BillingPeriod("2025-01")!) == "Research Computing Charges - 2025-01")
        #expect(c.logging.level == .info && c.logging.format == .splunk && c.logging.enabled)
        #expect(c.tagMapping.reference1 == "grant_number" && c.tagMapping.projectId == "project_id")
        // Names become slugs; the written name is the display name; "" is not set.
        #expect(c.imports.knownSources.map(\.name) == ["aws", "azure", "azure-local", "gcp", "hpc", "openai", "storage"])
        #expect(c.imports.knownSources.map(\.title) == ["AWS", "Azure", "Azure Local", "GCP", "HPC", "OpenAI", "Storage"])
        #expect(c.imports.knownSources.allSatisfy { $0.fundOrg == nil && $0.accountCode == nil })
        #expect(c.journal.fundOrgRegex?.namedCaptures(in: "DEPT-PROJECT-2024") == ["orgn": "DEPT", "fund": "PROJECT-2024"])
        #expect(c.journal.accountCodeRegex == nil && c.journal.defaultAccount == nil && c.journal.template == nil)
        #expect(c.journal.debitDescription == "{source} {period} Research Computing Charges")
        // Login variables unset: loads, notify will refuse SMTP (dev mode does not need it).
        #expect(c.smtp.unsetCredential?.contains("SMTP_USER") == true)

        let w = loaded.warnings
        #expect(w.count == 4, "\(w)")
        #expect(w.contains { $0.hasPrefix("instance/config.yaml:6: a legacy OpenChargeback 0.4 config (it has 'dev_mode'): relative paths resolve against the working directory /srv/ocb") })
        #expect(w.contains { $0.contains(": smtp.username: environment variable SMTP_USER is not set: notify will not send") })
        #expect(w.contains { $0.contains(": journal.template: \"journal_gl.csv\" is a legacy Jinja template and is not used") })
        #expect(w.contains { $0.contains(": web: ignored: the legacy web UI's settings") && $0.contains("openchargeback build") })
        // One line for the whole web section, none for its keys.
        #expect(!w.contains { $0.contains("web.") })
        #expect(!w.contains { $0.contains("unknown key") })
        #expect(w.allSatisfy { !$0.contains("\n") })
    }

    @Test func theLegacyToolsDefaultsApplyToAKeyItLeftOut() throws {
        let c = try parse("dev_mode: false\n").config
        #expect(c.database.path == "/srv/ocb/instance/billing.db")
        #expect(c.email.outboxDir == "/srv/ocb/instance/output/emails")
        #expect(!c.email.devMode)
        #expect(c.tagMapping.projectId == "project" && c.tagMapping.reference1 == "")
        let ours = try parse("currency: USD\n").config
        #expect(ours.database.path == "/srv/ocb/instance/openchargeback.sqlite")
        #expect(ours.tagMapping.projectId == "project_id")
    }

    @Test func eitherDevModeKeepsMailOnTheMachineAndOutboxDirWinsOverEmailDir() throws {
        let top = try parse("dev_mode: true\nemail:\n  dev_mode: false\n").config.email
        #expect(top.devMode)
        let ours = try parse("dev_mode: false\nemail:\n  dev_mode: true\n").config.email
        #expect(ours.devMode)
        #expect(!(try parse("dev_mode: false\n").config.email.devMode))
        let both = try parse("dev_mode: true\noutput:\n  email_dir: ./legacy-mail\nemail:\n  outbox_dir: ./outbox\n").config.email
        #expect(both.outboxDir == "/srv/ocb/outbox")
        let legacyOnly = try parse("output:\n  email_dir: ./legacy-mail\n").config.email
        #expect(legacyOnly.outboxDir == "/srv/ocb/instance/legacy-mail" && !legacyOnly.devMode)
        #expect(try parse("").config.email.outboxDir == "/srv/ocb/instance/output/outbox")
    }

    @Test func pathsRelativeToSaysWhichRuleApplies() throws {
        let legacyExplicit = try parse("dev_mode: true\npaths_relative_to: config\ndatabase:\n  path: ./billing.db\n")
        #expect(legacyExplicit.config.database.path == "/srv/ocb/instance/billing.db")
        #expect(legacyExplicit.config.database.otherCandidate == nil)
        #expect(legacyExplicit.warnings.isEmpty)
        let oursToCwd = try parse("database:\n  path: ./instance/ledger.sqlite\npaths_relative_to: working_directory\n")
        #expect(oursToCwd.config.database.path == "/srv/ocb/instance/ledger.sqlite")
        #expect(oursToCwd.config.dialect == .current)
        // Not explicit: the other rule's path is a second candidate.
        let implicit = try parse("database:\n  path: ./instance/billing.db\n").config.database
        #expect(implicit.path == "/srv/ocb/instance/instance/billing.db")
        #expect(implicit.otherCandidate == "/srv/ocb/instance/billing.db")
        #expect(implicit.setting == "instance/config.yaml:2: database.path \"./instance/billing.db\"")
        // Absolute paths have one meaning.
        #expect(try parse("database:\n  path: /var/ocb/l.sqlite\n").config.database.otherCandidate == nil)
        let bad = try parseError("paths_relative_to: home\n")
        #expect(bad.keyPath == "paths_relative_to" && bad.line == 1 && bad.message.contains("config|working_directory"))
    }

    @Test func aLedgerIsNeverCreatedBesideAnExistingOne() throws {
        let db = DatabaseConfig(path: "/a/instance/instance/billing.db", otherCandidate: "/a/instance/billing.db",
                                setting: "c.yaml:9: database.path \"./instance/billing.db\"")
        let existing = try LedgerLocation.choose(db) { $0 == "/a/instance/billing.db" }
        #expect(existing.path == "/a/instance/billing.db")
        #expect(existing.note?.contains("using the existing ledger /a/instance/billing.db") == true)
        let rule = try LedgerLocation.choose(db) { $0 == "/a/instance/instance/billing.db" }
        #expect(rule == LedgerLocation(path: "/a/instance/instance/billing.db"))
        let both = try LedgerLocation.choose(db) { _ in true }
        #expect(both.path == db.path && both.note?.contains("exist at both") == true)
        #expect(throws: LedgerLocationError(setting: db.setting, tried: [db.path, "/a/instance/billing.db"])) {
            try LedgerLocation.choose(db) { _ in false }
        }
        // Neither ledger, but the rule's folder is there (a first run): created there, both paths named.
        let first = try LedgerLocation.choose(db) { $0 == "/a/instance/instance" }
        #expect(first.path == db.path)
        #expect(first.note?.contains("creating a new ledger at /a/instance/instance/billing.db (there is none there nor at /a/instance/billing.db)") == true)
        let message = LedgerLocationError(setting: db.setting, tried: [db.path, "/a/instance/billing.db"]).description
        #expect(message.hasPrefix("c.yaml:9: database.path \"./instance/billing.db\": no ledger at /a/instance/instance/billing.db or /a/instance/billing.db; nothing was created"))
        #expect(message.contains("paths_relative_to: working_directory"))
        // One candidate: the rule's path, created if need be.
        #expect(try LedgerLocation.choose(DatabaseConfig(path: "/x/l.sqlite")) { _ in false }.path == "/x/l.sqlite")
    }

    @Test func currencySymbolsAndCodes() throws {
        #expect(try parse("currency: \"$\"\n").config.currency == "USD")
        #expect(try parse("currency: \"€\"\n").config.currency == "EUR")
        #expect(try parse("currency: \"£\"\n").config.currency == "GBP")
        #expect(try parse("currency: \"¥\"\n").config.currency == "JPY")
        #expect(try parse("currency: \"¥\"\ncurrency_code: CNY\n").config.currency == "CNY")
        #expect(try parse("currency: \"$\"\ncurrency_code: CAD\n").config.currency == "CAD")
        #expect(try parse("currency_code: EUR\n").config.currency == "EUR")
        #expect(try parse("currency: CHF\n").config.currency == "CHF")
        #expect(try parse("currency: EUR\ncurrency_code: EUR\n").config.currency == "EUR")
        let unknown = try parseError("organization:\n  name: X\ncurrency: kr\n")
        #expect(unknown.keyPath == "currency" && unknown.line == 3)
        #expect(unknown.message.contains("\"kr\"") && unknown.message.contains("add currency_code:"))
        let contradiction = try parseError("currency: USD\ncurrency_code: EUR\n")
        #expect(contradiction.keyPath == "currency_code" && contradiction.message.contains("contradicts"))
        let badCode = try parseError("currency: \"$\"\ncurrency_code: dollars\n")
        #expect(badCode.keyPath == "currency_code" && badCode.message.contains("ISO 4217"))
        // Every symbol in the table maps to a code of three capitals.
        #expect(CurrencyCode.symbols.allSatisfy { CurrencyCode.isCode($0.code) && !CurrencyCode.isCode($0.symbol) })
    }

    @Test func logLevelsInAnyCaseAndTheLegacyFormats() throws {
        let cases: [(String, Logger.Level)] = [("INFO", .info), ("info", .info), ("Info", .info), ("WARN", .warning), ("WARNING", .warning),
                                               ("warn", .warning), ("DEBUG", .debug), ("ERROR", .error), ("FATAL", .critical), ("critical", .critical)]
        for (text, level) in cases {
            #expect(try parse("logging:\n  level: \(text)\n").config.logging.level == level, "\(text)")
        }
        #expect(try parse("logging:\n  format: splunk\n").config.logging.format == .splunk)
        #expect(try parse("logging:\n  format: JSON\n").config.logging.format == .json)
        #expect(try parse("logging:\n  enabled: false\n").config.logging.enabled == false)
        let bad = try parseError("logging:\n  level: LOUD\n")
        #expect(bad.keyPath == "logging.level" && bad.message.contains("\"LOUD\""))
    }

    @Test func splunkLinesAreTheLegacyShape() throws {
        let at = Date(timeIntervalSince1970: 1_767_874_500)  // 2026-01-08T12:15:00Z
        let line = LineLogHandler.splunk(level: .info, message: "ingest", fields: [("rows", "41"), ("file", "a b.csv")], at: at)
        #expect(line == "2026-01-08T12:15:00Z INFO  ingest rows=41 file=\"a b.csv\"\n")
        #expect(LineLogHandler.splunk(level: .warning, message: "x\ny", fields: [], at: at) == "2026-01-08T12:15:00Z WARNING x\\ny\n")
        // Through swift-log into a file: one line, the sorted metadata.
        let path = NSTemporaryDirectory() + "ocb-splunk-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logger = try LogSetup.logger(LoggingConfig(level: .info, format: .splunk, file: path))
        logger.info("notify", metadata: ["sent": "3", "period": "2026-10"])
        logger.debug("hidden")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasSuffix("Z INFO  notify period=2026-10 sent=3\n"), "\(written)")
        #expect(written.split(separator: "\n").count == 1)
        let silent = NSTemporaryDirectory() + "ocb-silent-\(UUID().uuidString).log"
        try LogSetup.logger(LoggingConfig(file: silent, enabled: false)).error("nothing")
        #expect(!FileManager.default.fileExists(atPath: silent))
    }

    @Test func sourceNamesBecomeOneSlugAndCollisionsNameBothLines() throws {
        let slugs = ["AWS": "aws", "Azure Local": "azure-local", " HPC (Slurm) ": "hpc-slurm", "azure-local": "azure-local",
                     "a--b": "a--b", "-aws": "-aws", "OpenAI / ChatGPT Edu": "openai-chatgpt-edu", "Störage": "st-rage", "++": ""]
        for (written, slug) in slugs { #expect(SourceName.slug(written) == slug, "\(written)") }
        let c = try parse("imports:\n  known_sources:\n    - name: Azure Local\n      display_name: On-prem VMs\n    - name: aws\n").config
        #expect(c.imports.knownSources.map(\.title) == ["On-prem VMs", "aws"])
        #expect(c.imports.knownSources[0].writtenName == "Azure Local")
        #expect(c.imports.source(named: "Azure Local")?.name == "azure-local")
        #expect(c.imports.source(named: "azure-local")?.name == "azure-local")
        #expect(c.imports.source(named: "AWS")?.name == "aws")
        let collision = try parseError("imports:\n  known_sources:\n    - name: Azure Local\n    - name: aws\n    - name: azure local\n")
        #expect(collision.keyPath == "imports.known_sources[2].name" && collision.line == 5)
        #expect(collision.message.contains("\"azure local\" and \"Azure Local\" (line 3) are both the source azure-local"))
    }

    @Test func overlappingFilePatternsAreNotGuessed() throws {
        let c = try parse(try String(contentsOfFile: Self.legacyExample, encoding: .utf8)).config
        #expect(c.imports.sources(forFile: "/x/azure-local_2025-01.csv").map(\.name) == ["azure", "azure-local"])
        #expect(c.imports.sources(forFile: "hpc_2025-01.csv").map(\.name) == ["hpc"])
    }

    @Test func emptyFundOrgAndAccountLoadAndTheGLNamesTheSource() throws {
        let t = try TestLedger(configYAML: """
            currency: "$"
            database:
              path: ./ledger.sqlite
            imports:
              known_sources:
                - name: AWS
                  pattern: aws
                  fund_org: ""
                  account_code: ""
            journal:
              default_account: ""
              account_code_regex: ""
            """)
        #expect(t.config.imports.knownSources[0].fundOrg == nil)
        _ = try t.ingest([try t.file("aws_1.csv", [TestLedger.row()])], source: "AWS")
        let statements = try StatementReports(store: t.store).load(BillingPeriod("2026-10")!)
        #expect(!statements.isEmpty)
        let entries = JournalBuilder(config: t.config).build(statements, period: BillingPeriod("2026-10")!, status: .open)
        #expect(entries.problems.contains(.sourceWithoutFundOrg(source: "aws")))
        #expect(entries.problems.contains(.sourceWithoutAccount(source: "aws")))
        #expect(entries.problems.map(\.description).contains { $0.contains("source \"aws\" has no fund/org to credit") })
    }

    @Test func journalRegexesMatchAtTheStartAsTheLegacyReMatchDid() throws {
        let j = try parse("journal:\n  fund_org_regex: '(?P<fund>\\d{6})-(?P<orgn>\\d{4})'\n  account_code_regex: '\\d{5}'\n").config.journal
        #expect(j.fundOrgRegex?.namedCaptures(in: "123456-7890") == ["fund": "123456", "orgn": "7890"])
        // re.match: a match further in does not count; the end is not anchored.
        #expect(j.fundOrgRegex?.namedCaptures(in: "X123456-7890") == nil)
        #expect(j.fundOrgRegex?.namedCaptures(in: "123456-7890-extra") == ["fund": "123456", "orgn": "7890"])
        #expect(j.accountCodeRegex?.matches("74100") == true)
        #expect(j.accountCodeRegex?.matches("A74100") == false)
        // Case-sensitive, as re.match without flags.
        let upper = try parse("journal:\n  fund_org_regex: '^(?P<orgn>[A-Z]+)-(?P<fund>.+)$'\n").config.journal
        #expect(upper.fundOrgRegex?.namedCaptures(in: "dept-1") == nil)
        // A regex built in code takes the same rule.
        #expect(JournalConfig(accountCodeRegex: try ConfigRegex("\\d{5}")).accountCodeRegex?.matches("x74100") == false)
    }

    @Test func journalDescriptionsUseTheSourceNameAsWritten() throws {
        let t = try TestLedger(configYAML: """
            currency: USD
            database:
              path: ./ledger.sqlite
            imports:
              known_sources:
                - name: Azure Local
                  fund_org: "ORG-CLOUD"
                  account_code: "74100"
            journal:
              fund_org_regex: "^(?P<orgn>[^-]+)-(?P<fund>.+)$"
              debit_description: "{source} {period} Research Computing Charges"
              credit_description: "{source} {period} Research Computing Charges"
              description_width: 60
            """)
        _ = try t.ingest([try t.file("x.csv", [TestLedger.row(tags: #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"DEPT-P1"}"#)])],
                         source: "Azure Local")
        let period = BillingPeriod("2026-10")!
        let entries = JournalBuilder(config: t.config).build(try StatementReports(store: t.store).load(period), period: period, status: .open)
        #expect(entries.problems.isEmpty, "\(entries.problems)")
        #expect(entries.lines.map(\.description) == ["Azure Local 2026-10 Research Computing Charges", "Azure Local 2026-10 Research Computing Charges"])
        #expect(entries.lines.map(\.source) == ["azure-local", "azure-local"])
    }
}
