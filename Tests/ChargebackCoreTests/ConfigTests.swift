import Foundation
import Testing
@testable import ChargebackCore

/// Writes `yaml` as config.yaml in a fresh temp folder and returns the folder.
private func tempDir() throws -> String {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("ocb-config-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ yaml: String, to dir: String, name: String = "config.yaml") throws -> String {
    let path = dir + "/" + name
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func load(_ yaml: String, environment: [String: String] = [:]) throws -> LoadedConfig {
    let dir = try tempDir()
    return try ConfigLoader.load(path: try write(yaml, to: dir), environment: environment)
}

/// Loads `yaml` expecting failure; returns the error.
private func loadError(_ yaml: String, environment: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> ConfigError {
    let dir = try tempDir()
    let path = try write(yaml, to: dir)
    let error = failure { () throws(ConfigError) in try ConfigLoader.load(path: path, environment: environment) }
    return try #require(error, "expected a configuration error", sourceLocation: sourceLocation)
}

/// The error `body` throws, or nil when it succeeds.
private func failure<T>(_ body: () throws(ConfigError) -> T) -> ConfigError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

private let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct ConfigTests {
    @Test func defaultsWhenKeysAbsent() throws {
        let dir = try tempDir()
        let loaded = try ConfigLoader.load(path: try write("# nothing configured\n", to: dir), environment: [:])
        let c = loaded.config
        let base = ConfigPaths.normalize(dir)
        #expect(loaded.warnings.isEmpty)
        #expect(c.currency == "USD")
        #expect(c.organization.name == "Research Computing")
        #expect(c.organization.contactEmail == "")
        #expect(c.database.path == base + "/openchargeback.sqlite")
        #expect(c.tagMapping == TagMapping())
        #expect(c.tagMapping.reference2 == "reference_2")
        #expect(c.review.flagPatterns.isEmpty && c.review.fundOrgPatterns.isEmpty)
        #expect(c.imports.earliestPeriod == nil)
        #expect(c.imports.knownSources.isEmpty)
        #expect(c.journal.fundOrgRegex == nil && c.journal.accountCodeRegex == nil)
        #expect(c.journal.template == nil && c.journal.defaultAccount == nil)
        #expect(c.journal.debitDescription == "{source} charges {period}")
        #expect(c.journal.creditDescription == "{source} recovery {period}")
        #expect(c.journal.descriptionWidth == 35)
        #expect(c.output.siteDir == base + "/_site")
        #expect(c.output.pdfDir == base + "/output/statements")
        #expect(c.output.journalDir == base + "/output/journals")
        #expect(c.output.rejectsDir == base + "/output/rejects")
        #expect(c.logging.level == .info)
        #expect(c.logging.format == .logfmt)
        #expect(c.logging.file == nil)
        #expect(c == (try AppConfig.defaults(baseDirectory: dir)))
        // A relative base directory is taken against the current directory, never against "/".
        let relative = try AppConfig.defaults(baseDirectory: "conf")
        #expect(relative.baseDirectory == ConfigPaths.normalize(FileManager.default.currentDirectoryPath + "/conf"))
        #expect(relative.database.path == relative.baseDirectory + "/openchargeback.sqlite")
    }

    @Test func pdfPageSizeAndMargins() throws {
        #expect(try load("").config.pdf == PDFConfig(pageSize: .a4, marginMM: 18))
        #expect(try load("pdf:\n  page_size: letter\n  margin_mm: 25\n").config.pdf == PDFConfig(pageSize: .letter, marginMM: 25))
        let size = try loadError("pdf:\n  page_size: legal\n")
        #expect(size.description.contains("pdf.page_size") && size.description.contains("a4"))
        let margin = try loadError("pdf:\n  margin_mm: 80\n")
        #expect(margin.description.contains("1 to 50 mm"))
    }

    @Test func statementLineItems() throws {
        #expect(try load("").config.statements.lineItems == .resource, "one line per resource unless configured")
        for (text, value) in [("detail", LineItemGrouping.detail), ("resource", .resource), ("resource_day", .resourceDay)] {
            #expect(try load("statements:\n  line_items: \(text)\n").config.statements.lineItems == value)
        }
        let error = try loadError("currency: USD\nstatements:\n  line_items: hourly\n")
        #expect(error.description.contains("config.yaml:3"), "names the file and line: \(error.description)")
        #expect(error.description.contains("statements.line_items"))
        #expect(error.description.contains("detail|resource|resource_day") && error.description.contains("\"hourly\""))
        let bySource = try load("statements:\n  line_items_by_source:\n    hpc: detail\n    storage: resource_day\n").config.statements
        #expect(bySource == StatementsConfig(lineItems: .resource, lineItemsBySource: ["hpc": .detail, "storage": .resourceDay]))
        let wrong = try loadError("statements:\n  line_items_by_source:\n    hpc: hourly\n")
        #expect(wrong.description.contains("config.yaml:3") && wrong.description.contains("statements.line_items_by_source.hpc"))
        #expect(wrong.description.contains("detail|resource|resource_day"))
        let list = try loadError("statements:\n  line_items: [detail]\n")
        #expect(list.description.contains("statements.line_items") && list.description.contains("detail|resource|resource_day"))
    }

    @Test func emailAndSMTPSettings() throws {
        let defaults = try load("").config
        #expect(defaults.email.fromName == nil && defaults.email.fromAddress == "" && defaults.email.attachPDFs && !defaults.email.devMode)
        #expect(defaults.email.outboxDir.hasSuffix("/output/outbox"))
        #expect(defaults.email.subject(period: try #require(BillingPeriod("2026-10"))) == "Your research computing statement for 2026-10")
        #expect(defaults.smtp == SMTPConfig())
        #expect(defaults.smtp.host == "" && defaults.smtp.port == 587 && defaults.smtp.useTLS && defaults.smtp.retries == 3)

        let yaml = """
            email:
              from_name: "Zoë Billing"
              from_address: billing@example.edu
              subject_template: "Статус {billing_period} — Zoë"
              attach_pdfs: false
              dev_mode: true
              outbox_dir: ./mail
            smtp:
              host: smtp.example.edu
              port: 465
              use_tls: true
              username: ${SMTP_USER}
              password: ${SMTP_PASSWORD}
              ca_file: ./campus-ca.pem
              connect_timeout_seconds: 5
              timeout_seconds: 30
              retries: 0
              retry_delay_seconds: 0
            """
        let c = try load(yaml, environment: ["SMTP_USER": "billing-bot", "SMTP_PASSWORD": "s3cr$t"]).config
        #expect(c.email.subject(period: try #require(BillingPeriod("2026-10"))) == "Статус 2026-10 — Zoë")
        #expect(c.email.fromName == "Zoë Billing" && !c.email.attachPDFs && c.email.devMode && c.email.outboxDir.hasSuffix("/mail"))
        #expect(c.smtp.caFile?.hasSuffix("/campus-ca.pem") == true && c.smtp.caFile?.hasPrefix("/") == true)
        #expect(c.smtp == SMTPConfig(host: "smtp.example.edu", port: 465, useTLS: true, username: "billing-bot", password: "s3cr$t",
                                     caFile: c.smtp.caFile, connectTimeoutSeconds: 5, timeoutSeconds: 30, retries: 0, retryDelaySeconds: 0))

        let injected = try loadError("email:\n  from_name: \"Billing\\r\\nBcc: all@example.edu\"\n")
        #expect(injected.keyPath == "email.from_name" && injected.message.contains("line break"), "\(injected)")
        let subject = try loadError("email:\n  subject_template: \"a\\nb\"\n")
        #expect(subject.keyPath == "email.subject_template")
        #expect(try loadError("email:\n  from_address: billing\n").message.contains("expected an e-mail address"))
        #expect(try loadError("smtp:\n  port: 70000\n").message.contains("1 to 65535"))
        #expect(try loadError("smtp:\n  host: smtp://x\n").keyPath == "smtp.host")
        #expect(try loadError("smtp:\n  retries: 11\n").message.contains("0 to 10"))
        let half = try loadError("smtp:\n  username: bot\n")
        #expect(half.keyPath == "smtp.password" && half.message.contains("both"))
        // An unset login variable is only needed to send: it loads, warns, and is kept for notify to refuse with.
        let unset = try load("smtp:\n  username: ${SMTP_USER}\n  password: x\n")
        #expect(unset.config.smtp.unsetCredential?.hasSuffix("config.yaml:2: smtp.username: environment variable SMTP_USER is not set") == true)
        #expect(unset.warnings.count == 1 && unset.warnings[0].contains("smtp.username: environment variable SMTP_USER is not set"))
        #expect(try load("smtp:\n  username: ${SMTP_USER}\n  password: x\n", environment: ["SMTP_USER": "bot"]).config.smtp.unsetCredential == nil)
        // A malformed reference is still an error.
        #expect(try loadError("smtp:\n  username: ${SMTP USER}\n  password: x\n").kind == .missingVariable)
    }

    @Test func emptyFileAndNullSectionsTakeDefaults() throws {
        let empty = try load("")
        #expect(empty.config.currency == "USD")
        let nulls = try load("organization:\nreview: ~\nimports: null\n")
        #expect(nulls.warnings.isEmpty)
        #expect(nulls.config.organization.name == "Research Computing")
        #expect(nulls.config.imports.knownSources.isEmpty)
    }

    @Test func fullFileRoundTrip() throws {
        let dir = try tempDir()
        let yaml = #"""
        currency: EUR
        organization:
          name: "Example Lab: Compute"
          contact_email: billing@example.org
        database:
          path: data/ledger.sqlite
        tag_mapping:
          pi_email: owner
          project_id: proj
          fund_org: chartstring
          cost_center: cc
          account_code: acct
          reference_1: grant
          reference_2: po
        review:
          flag_patterns: ["(?i)marketplace", 'gpu']
          fund_org_patterns: ['^\d{6}-\d{4}$']
        imports:
          earliest_period: 2024-07
          known_sources:
            - name: aws
              display_name: Amazon
              pattern: '^aws[_-].*\.csv$'
              fund_org: 100000-9100
              account_code: 74100
            - name: hpc_2
        journal:
          fund_org_regex: '^(?P<fund>\d{6})-(?P<orgn>\d{4})$'
          account_code_regex: '^\d{5}$'
          template: templates/gl.mustache
          default_account: "74000"
          debit_description: "{source} debit {period}"
          credit_description: "{source} credit {period}"
          description_width: 30
        output:
          site_dir: site
          pdf_dir: /var/ocb/pdf
          journal_dir: ../journals
          rejects_dir: ./out/rejects/
        logging:
          level: debug
          format: json
          file: logs/ocb.log
        """#
        let loaded = try ConfigLoader.load(path: try write(yaml, to: dir), environment: [:])
        #expect(loaded.warnings == [])
        let c = loaded.config
        let base = ConfigPaths.normalize(dir)
        let parent = ConfigPaths.directory(of: base)
        #expect(loaded.path == base + "/config.yaml")
        #expect(c.currency == "EUR")
        #expect(c.organization == OrganizationConfig(name: "Example Lab: Compute", contactEmail: "billing@example.org"))
        #expect(c.database.path == base + "/data/ledger.sqlite")
        #expect(c.tagMapping == TagMapping(piEmail: "owner", projectId: "proj", fundOrg: "chartstring", costCenter: "cc",
                                           accountCode: "acct", reference1: "grant", reference2: "po"))
        #expect(c.review.flagPatterns.map(\.source) == ["(?i)marketplace", "gpu"])
        #expect(c.review.flagPatterns[0].matches("AWS Marketplace fee"))
        #expect(flagged(c.review, "Amazon EC2", "i-123", "gpu-node-1") == "gpu")
        #expect(flagged(c.review, "Amazon EC2", "i-123", "web-1") == nil)
        #expect(c.review.fundOrgPatterns.map(\.source) == [#"^\d{6}-\d{4}$"#])
        #expect(c.review.isValidFundOrg("123456-7890"))
        #expect(!c.review.isValidFundOrg("12345-7890"))
        #expect(c.imports.earliestPeriod == BillingPeriod(year: 2024, month: 7))
        #expect(c.imports.knownSources.map(\.name) == ["aws", "hpc_2"])
        let aws = try #require(c.imports.source(named: "aws"))
        #expect(aws.displayName == "Amazon" && aws.title == "Amazon")
        #expect(aws.fundOrg == "100000-9100" && aws.accountCode == "74100")
        #expect(c.imports.source(named: "hpc_2")?.title == "hpc_2")
        #expect(c.imports.source(named: "hpc_2")?.pattern == nil)
        #expect(c.imports.source(forFile: "/tmp/in/aws_2024-07.csv")?.name == "aws")
        #expect(c.imports.source(forFile: "/tmp/in/azure_2024-07.csv") == nil)
        #expect(c.journal.fundOrgRegex?.groupNames == ["fund", "orgn"])
        #expect(c.journal.accountCodeRegex?.source == #"^\d{5}$"#)
        #expect(c.journal.template == base + "/templates/gl.mustache")
        #expect(c.journal.defaultAccount == "74000")
        #expect(c.journal.debitDescription == "{source} debit {period}")
        #expect(c.journal.creditDescription == "{source} credit {period}")
        #expect(c.journal.descriptionWidth == 30)
        #expect(c.output.siteDir == base + "/site")
        #expect(c.output.pdfDir == "/var/ocb/pdf")
        #expect(c.output.journalDir == parent + "/journals")
        #expect(c.output.rejectsDir == base + "/out/rejects")
        #expect(c.logging == LoggingConfig(level: .debug, format: .json, file: base + "/logs/ocb.log"))
    }

    @Test func variableExpansionAndDollarEscape() throws {
        let yaml = """
        organization:
          name: "${ORG_NAME}"
          contact_email: ${CONTACT}
        journal:
          debit_description: "costs $$5 for ${SRC}: {period}"
          description_width: ${WIDTH}
          account_code_regex: '^\\d{5}$'
        database:
          path: ${DATA_DIR}/ledger.sqlite
        """
        let env = ["ORG_NAME": "Lab \"A\": Compute", "CONTACT": "a@b.example", "SRC": "x",
                   "WIDTH": "40", "DATA_DIR": "/srv/ocb"]
        let c = try load(yaml, environment: env).config
        // Expansion happens after parsing, so quotes and colons in values are harmless.
        #expect(c.organization.name == "Lab \"A\": Compute")
        #expect(c.organization.contactEmail == "a@b.example")
        #expect(c.journal.debitDescription == "costs $5 for x: {period}")
        #expect(c.journal.descriptionWidth == 40)
        // A lone `$` (regex anchor) is kept.
        #expect(c.journal.accountCodeRegex?.source == #"^\d{5}$"#)
        #expect(c.database.path == "/srv/ocb/ledger.sqlite")
    }

    @Test func aLogoIsAPNGOrSVGPathFromTheConfigFolder() throws {
        for bad in ["logo.jpg", "logo", "./brand/"] {
            let e = try loadError("organization:\n  name: ok\n  logo: \(bad)\n")
            #expect(e.kind == .invalidValue)
            #expect(e.keyPath == "organization.logo")
            #expect(e.line == 3)
            #expect(e.message.hasPrefix("expected a .png or .svg file"))
        }
        let ok = try load("organization:\n  logo: ./Brand/Logo.SVG\n").config.organization
        #expect(ok.logo?.hasPrefix("/") == true && ok.logo?.hasSuffix("/Brand/Logo.SVG") == true)
        #expect(ok.logoFormat == "svg")
        #expect(try load("currency: USD\n").config.organization.logo == nil)
    }

    @Test func missingVariableNamesItAndTheKey() throws {
        let e = try loadError("organization:\n  name: ok\n  contact_email: ${SMTP_CONTACT}\n")
        #expect(e.kind == .missingVariable)
        #expect(e.keyPath == "organization.contact_email")
        #expect(e.line == 3)
        #expect(e.message == "environment variable SMTP_CONTACT is not set")
        #expect(e.description.hasSuffix("config.yaml:3: organization.contact_email: environment variable SMTP_CONTACT is not set"))
        // An unterminated reference is an error too, not silently kept.
        let bad = try loadError("organization:\n  name: \"${ORG\"\n")
        #expect(bad.kind == .missingVariable)
        #expect(bad.keyPath == "organization.name")
    }

    @Test func variablesUnderUnknownKeysAreNotRequired() throws {
        // (smtp: is a section since notify; ldap: is not.)
        let loaded = try load("ldap:\n  password: ${LDAP_PASSWORD}\n")
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings[0].hasSuffix("config.yaml:1: unknown key 'ldap' (ignored)"))
    }

    @Test func unknownKeysWarnWithPathAndLine() throws {
        let yaml = """
        currency: USD
        reveiw:
          flag_patterns: []
        review:
          flag_paterns: ["x"]
        imports:
          known_sources:
            - name: aws
              patern: "^aws"
        """
        let loaded = try load(yaml)
        #expect(loaded.warnings.count == 3)
        #expect(loaded.warnings.contains { $0.hasSuffix("config.yaml:2: unknown key 'reveiw' (ignored)") })
        #expect(loaded.warnings.contains { $0.hasSuffix("config.yaml:5: unknown key 'review.flag_paterns' (ignored)") })
        #expect(loaded.warnings.contains {
            $0.hasSuffix("config.yaml:9: unknown key 'imports.known_sources[0].patern' (ignored)")
        })
        #expect(loaded.config.review.flagPatterns.isEmpty)
    }

    @Test func wrongTypesAreErrorsWithPathLineAndExpectation() throws {
        let listForString = try loadError("organization:\n  name:\n    - a\n    - b\n")
        #expect(listForString.kind == .wrongType)
        #expect(listForString.keyPath == "organization.name")
        #expect(listForString.line == 3)
        #expect(listForString.message == "expected a string, got a list")

        let width = try loadError("journal:\n  description_width: abc\n")
        #expect(width.kind == .wrongType)
        #expect(width.keyPath == "journal.description_width")
        #expect(width.line == 2)
        #expect(width.message.contains("expected a positive integer"))
        #expect(width.description.hasSuffix("config.yaml:2: journal.description_width: expected a positive integer, got \"abc\""))

        let zero = try loadError("journal:\n  description_width: 0\n")
        #expect(zero.keyPath == "journal.description_width")
        #expect(zero.kind == .invalidValue)

        let scalarForList = try loadError("review:\n  flag_patterns: \"(?i)gpu\"\n")
        #expect(scalarForList.keyPath == "review.flag_patterns")
        #expect(scalarForList.message.contains("expected a list"))

        let scalarForSection = try loadError("review: yes\n")
        #expect(scalarForSection.keyPath == "review")
        #expect(scalarForSection.message.contains("expected a mapping"))

        let topLevelList = try loadError("- a\n- b\n")
        #expect(topLevelList.kind == .wrongType)
    }

    @Test func yamlSyntaxErrorHasLine() throws {
        let e = try loadError("currency: USD\norganization:\n  name: \"unterminated\n")
        #expect(e.kind == .syntax)
        #expect(e.line >= 3)
        let dup = try loadError("currency: USD\ncurrency: EUR\n")
        #expect(dup.kind == .syntax)
        #expect(dup.message.contains("currency"))
    }

    @Test func invalidRegexNamesTheKeyPath() throws {
        let e = try loadError("review:\n  flag_patterns:\n    - ok\n    - \"([a-\"\n")
        #expect(e.kind == .invalidRegex)
        #expect(e.keyPath == "review.flag_patterns[1]")
        #expect(e.line == 4)
        #expect(e.message.hasPrefix("invalid regular expression \"([a-\": "))
        #expect(e.message.contains("unterminated character class"))

        let journal = try loadError("journal:\n  fund_org_regex: \"(?P<fund>\\\\d+\"\n")
        #expect(journal.keyPath == "journal.fund_org_regex")
        #expect(journal.kind == .invalidRegex)
        #expect(journal.message.contains("missing )"))

        let source = try loadError("imports:\n  known_sources:\n    - name: aws\n      pattern: \"*.csv\"\n")
        #expect(source.keyPath == "imports.known_sources[0].pattern")
        #expect(source.message.contains("nothing to repeat"))
        // Valid patterns the hints might misread still compile.
        for ok in [#"[]a]"#, #"[^]]+"#, #"a{2,3}"#, #"(?i)(a|b)*"#, #"\("#] {
            #expect(throws: Never.self) { try ConfigRegex(ok) }
        }
    }

    @Test func pythonNamedGroupsWork() throws {
        let re = try ConfigRegex(#"^(?P<fund>\d{6})-(?P<orgn>\d{4})$"#)
        #expect(re.source == #"^(?P<fund>\d{6})-(?P<orgn>\d{4})$"#)
        #expect(re.compiledPattern == #"^(?<fund>\d{6})-(?<orgn>\d{4})$"#)
        #expect(re.groupNames == ["fund", "orgn"])
        #expect(re.namedCaptures(in: "100000-9100") == ["fund": "100000", "orgn": "9100"])
        #expect(re.namedCaptures(in: "100000-91") == nil)
        #expect(re.matches("123456-7890"))
        #expect(!re.matches("x123456-7890"))

        // Backreference and a Python name ICU would reject (underscore).
        let back = try ConfigRegex(#"^(?P<fund_code>[a-z]+)-(?P=fund_code)$"#)
        #expect(back.groupNames == ["fund_code"])
        #expect(back.matches("ab-ab"))
        #expect(!back.matches("ab-ac"))
        #expect(back.namedCaptures(in: "ab-ab") == ["fund_code": "ab"])

        // Escapes, classes and look-behinds are not rewritten; optional groups that miss are omitted.
        let literal = try ConfigRegex(#"\(?P<x>[(?P<]+(?<=<)(?P<tail>z)?"#)
        #expect(literal.groupNames == ["tail"])
        #expect(literal.matches("(P<x><"))
        #expect(literal.namedCaptures(in: "(P<x><") == [:])

        // firstMatch semantics: unanchored patterns search.
        let search = try ConfigRegex("(?i)gpu-(?P<size>[a-z]+)")
        #expect(search.matches("Compute GPU-Burst node"))
        #expect(search.namedCaptures(in: "Compute GPU-Burst node") == ["size": "Burst"])

        // Through the loader, from YAML.
        let c = try load("journal:\n  fund_org_regex: '^(?P<fund>\\d{6})-(?P<orgn>\\d{4})$'\n").config
        #expect(c.journal.fundOrgRegex?.namedCaptures(in: "123456-0001") == ["fund": "123456", "orgn": "0001"])
    }

    @Test func invalidPeriodIsAnError() throws {
        for bad in ["2024-13", "2024-7", "July 2024", "2024-00"] {
            let e = try loadError("imports:\n  earliest_period: \"\(bad)\"\n")
            #expect(e.kind == .invalidValue)
            #expect(e.keyPath == "imports.earliest_period")
            #expect(e.message.contains("YYYY-MM"))
        }
        let ok = try load("imports:\n  earliest_period: 2023-01\n").config
        #expect(ok.imports.earliestPeriod?.description == "2023-01")
    }

    @Test func invalidCurrencyIsAnError() throws {
        for bad in ["usd", "US", "USDX", "U$D", "12"] {
            let e = try loadError("currency: \"\(bad)\"\n")
            #expect(e.kind == .invalidValue)
            #expect(e.keyPath == "currency")
            #expect(e.line == 1)
            #expect(e.message.contains("ISO 4217"))
        }
        #expect(try load("currency: CAD\n").config.currency == "CAD")
    }

    @Test func invalidLogLevelAndFormat() throws {
        let level = try loadError("logging:\n  level: verbose\n")
        #expect(level.keyPath == "logging.level")
        #expect(level.message.contains("trace|debug|info|notice|warning|error|critical"))
        #expect(level.message.contains("verbose"))
        let format = try loadError("logging:\n  format: xml\n")
        #expect(format.keyPath == "logging.format")
        #expect(format.message.contains("logfmt|json"))
        let ok = try load("logging:\n  level: critical\n  format: json\n").config.logging
        #expect(ok.level == .critical && ok.format == .json)
    }

    @Test func knownSourceRules() throws {
        let missing = try loadError("imports:\n  known_sources:\n    - display_name: AWS\n")
        #expect(missing.keyPath == "imports.known_sources[0].name")
        #expect(missing.message.contains("required"))
        let symbols = try loadError("imports:\n  known_sources:\n    - name: \"++\"\n")
        #expect(symbols.keyPath == "imports.known_sources[0].name")
        #expect(symbols.message.contains("letters or digits"))
        let dup = try loadError("imports:\n  known_sources:\n    - name: aws\n    - name: aws\n")
        #expect(dup.keyPath == "imports.known_sources[1].name")
        #expect(dup.line == 4)
        #expect(dup.message.contains("duplicate source name \"aws\" (first at line 3)"))
        // A source's credit fund/org must satisfy the same fund/org rules as charges.
        let fund = try loadError("""
        review:
          fund_org_patterns: ['^\\d{6}-\\d{4}$']
        imports:
          known_sources:
            - name: aws
              fund_org: "1000-91"
        """)
        #expect(fund.keyPath == "imports.known_sources[0].fund_org")
        #expect(fund.line == 6)
        let account = try loadError("""
        journal:
          account_code_regex: '^\\d{5}$'
        imports:
          known_sources:
            - name: aws
              account_code: "741"
        """)
        #expect(account.keyPath == "imports.known_sources[0].account_code")
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let dir = try tempDir()
        let sub = dir + "/etc/ocb"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let yaml = """
        database:
          path: ../../var/ledger.sqlite
        output:
          site_dir: ./_site
          pdf_dir: ~/pdf
        logging:
          file: log/ocb.log
        journal:
          template: gl.mustache
        """
        let path = try write(yaml, to: sub)
        let c = try ConfigLoader.load(path: path, environment: ["HOME": "/home/billing"]).config
        let base = ConfigPaths.normalize(dir)
        #expect(c.baseDirectory == base + "/etc/ocb")
        #expect(c.database.path == base + "/var/ledger.sqlite")
        #expect(c.output.siteDir == base + "/etc/ocb/_site")
        #expect(c.output.pdfDir == "/home/billing/pdf")
        #expect(c.logging.file == base + "/etc/ocb/log/ocb.log")
        #expect(c.journal.template == base + "/etc/ocb/gl.mustache")
        // Defaults resolve against the config folder too, not the process's cwd.
        #expect(c.output.journalDir == base + "/etc/ocb/output/journals")
    }

    @Test func resolvePathFindsFileOrExplainsHowToCreateOne() throws {
        let dir = try tempDir()
        // Nothing there: the error names the path tried and the cp command.
        let noneError = failure { () throws(ConfigError) in try ConfigLoader.resolvePath(explicit: nil, allowExample: false, cwd: dir) }
        let none = try #require(noneError)
        #expect(none.kind == .fileNotFound)
        #expect(none.message.contains(ConfigPaths.normalize(dir) + "/config.yaml"))
        #expect(none.message.contains("cp config.example.yaml config.yaml"))
        _ = try write("currency: EUR\n", to: dir, name: "config.example.yaml")
        let example = try ConfigLoader.resolvePath(explicit: nil, allowExample: true, cwd: dir)
        #expect(example.isExample)
        #expect(example.path.hasSuffix("/config.example.yaml"))
        // Without permission, the example is not used.
        let refused = failure { () throws(ConfigError) in try ConfigLoader.resolvePath(explicit: nil, allowExample: false, cwd: dir) }
        #expect(refused?.kind == .fileNotFound)
        // An explicit path never falls back to the example.
        let otherError = failure { () throws(ConfigError) in try ConfigLoader.resolvePath(explicit: "other.yaml", allowExample: true, cwd: dir) }
        let other = try #require(otherError)
        #expect(other.kind == .fileNotFound)
        #expect(other.message.contains(ConfigPaths.normalize(dir) + "/other.yaml"))
        #expect(!other.message.contains("config.example.yaml,"))
        #expect(other.message.contains("cp config.example.yaml other.yaml"))
        _ = try write("currency: GBP\n", to: dir)
        let real = try ConfigLoader.resolvePath(explicit: nil, allowExample: true, cwd: dir)
        #expect(!real.isExample)
        #expect(real.path == ConfigPaths.normalize(dir) + "/config.yaml")
        #expect(try ConfigLoader.load(path: real.path, environment: [:]).config.currency == "GBP")
    }

    @Test func loadOfMissingFileSaysHowToCreateOne() throws {
        let error = failure { () throws(ConfigError) in try ConfigLoader.load(path: "/nonexistent-ocb/config.yaml", environment: [:]) }
        let e = try #require(error)
        #expect(e.kind == .fileNotFound)
        #expect(e.description.contains("/nonexistent-ocb/config.yaml"))
        #expect(e.message.contains("cp config.example.yaml"))
    }

    @Test func exampleConfigLoadsWithoutWarnings() throws {
        let path = repoRoot + "/config.example.yaml"
        let loaded = try ConfigLoader.load(path: path, environment: [:])
        #expect(loaded.warnings == [])
        let c = loaded.config
        #expect(c.currency == "USD")
        #expect(c.organization.name == "Northfield University Research Computing")
        #expect(c.organization.contactEmail == "research-billing@northfield.example.edu")
        // The sample FOCUS files' sources, then the demo's converted ones (sample_data/converters).
        #expect(c.imports.knownSources.map(\.name) == ["aws", "azure", "hpc", "storage", "tern", "isilon", "qumulo", "azure-local", "openstack", "openai"])
        #expect(c.imports.knownSources.map { $0.fundOrg ?? "" } == ["100000-9100", "100000-9200", "100000-9300", "100000-9400", "100000-9500",
                                                                   "100000-9600", "100000-9650", "100000-9700", "100000-9750", "100000-9800"])
        #expect(c.imports.knownSources.map { $0.accountCode ?? "" } == ["74100", "74200", "74300", "74400", "74500", "74600", "74650", "74700", "74750", "74800"])
        #expect(c.imports.knownSources.dropFirst(4).allSatisfy { $0.pattern == nil })
        #expect(c.imports.source(forFile: "azure-2025-01.csv")?.name == "azure")
        #expect(c.imports.source(forFile: "storage_2025-01.csv")?.name == "storage")
        #expect(c.review.flagPatterns.map(\.source) == ["(?i)marketplace", "(?i)gpu-burst"])
        #expect(c.review.fundOrgPatterns.map(\.source) == [#"^\d{6}-\d{4}$"#])
        #expect(c.journal.fundOrgRegex?.namedCaptures(in: "100000-9100") == ["fund": "100000", "orgn": "9100"])
        #expect(c.journal.defaultAccount == "74000")
        #expect(c.database.path == ConfigPaths.normalize(repoRoot) + "/demo/openchargeback.sqlite")
        #expect(c.output.siteDir.hasPrefix(ConfigPaths.normalize(repoRoot) + "/demo/"))
    }

    @Test func variableExpansionUnit() throws {
        let env = ["A": "1", "B_2": "two"]
        #expect(try VariableExpansion.expand("x${A}y${B_2}z", environment: env) == "x1ytwoz")
        #expect(try VariableExpansion.expand("$$${A}$", environment: env) == "$1$")
        #expect(try VariableExpansion.expand("a$b", environment: env) == "a$b")
        #expect(throws: VariableExpansion.Failure.notSet("C")) { try VariableExpansion.expand("${C}", environment: env) }
        #expect(throws: VariableExpansion.Failure.self) { try VariableExpansion.expand("${1X}", environment: env) }
    }
}

/// The flag pattern ingest would record for a charge with these fields (the rule `FlagRules` applies).
func flagged(_ review: ReviewConfig, _ serviceName: String?, _ resourceId: String?, _ resourceName: String?) -> String? {
    var cache = FlagCache()
    return FlagRules.firstFlagPattern(serviceName: serviceName, resourceId: resourceId, resourceName: resourceName,
                                      review: review, cache: &cache)?.source
}
