import Crypto
import Foundation
import Testing

/// `openchargeback notify` and `generate --send` against a real SMTP server
/// on loopback; messages read back with Python's `email` package.
@Suite(.serialized) struct CLINotifyTests {
    static let period = "2026-09"
    static let subject = "Your research computing statement for 2026-09"

    /// The sample ledger (2026-09), closed, with the site built and the PDFs generated.
    static func closedLedger(_ sink: SMTPSink) throws -> CLI {
        let cli = try CLIJournalTests.ledger { _ in (try? sink.config()) ?? "" }
        for args in [["periods", "close", period], ["build"], ["generate", "-p", period]] {
            let r = try cli.run(args)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        return cli
    }

    /// Each PI's projects: (project, amount as the statement prints it, SHA-256 of its PDF, the PDF's file name), from `generate`'s records.
    static func statements(_ cli: CLI) throws -> [String: [(project: String, amount: String, sha256: String, file: String)]] {
        var out: [String: [(String, String, String, String)]] = [:]
        for row in try CLIJournalTests.query(cli, "SELECT pi_email, project_id, total_nanos, sha256, path FROM statements WHERE period = '\(period)' ORDER BY pi_email, project_id") {
            let p = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            out[p[0], default: []].append((p[1], usd(nanos: Int64(p[2]) ?? 0), p[3], URL(fileURLWithPath: p[4]).lastPathComponent))
        }
        return out
    }

    /// `USD 1,234.56`, rounded half away from zero (the statements' rule).
    static func usd(nanos: Int64) -> String {
        let cents = (abs(nanos) + 5_000_000) / 10_000_000
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 { grouped = "," + whole.suffix(3) + grouped; whole.removeLast(3) }
        return "USD " + (nanos < 0 ? "-" : "") + whole + grouped + "." + String(format: "%02d", cents % 100)
    }

    static func sha256(_ path: String) throws -> String {
        let bytes = try #require(FileManager.default.contents(atPath: path), "no \(path)")
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test func everyPIGetsOneMessageWithAmountsLinkAndTheSitesPDFsThenNothingUntilResend() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cli = try Self.closedLedger(sink)
        let statements = try Self.statements(cli)
        #expect(statements.count == 8)

        let first = try cli.run(["notify", "-p", Self.period, "--by", "clerk"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("8 sent") && first.stdout.contains("0 failed"), "\(first.stdout)")
        let messages = try ParsedMail.parse(sink.messages())
        #expect(messages.count == 8)
        #expect(try sink.envelopes().map { $0.count } == Array(repeating: 1, count: 8))
        var seen: Set<String> = []
        for (message, envelope) in zip(messages, try sink.envelopes()) {
            let to = try #require((message["to"] as? [[String: String]])?.first?["address"])
            #expect(envelope == [to])
            seen.insert(to)
            #expect(message["subject"] as? String == Self.subject)
            #expect(message["from_address"] as? String == "research-billing@northfield.example.edu")
            #expect(message["from_name"] as? String == "Northfield Research Computing Billing")
            #expect((message["defects"] as? [String]) == [])
            #expect(message["date_valid"] as? Bool == true)
            #expect((message["max_line_octets"] as? Int ?? 999) <= 998)
            let projects = try #require(statements[to], "no statement for \(to)")
            let text = try #require(message["text"] as? String)
            let html = try #require(message["html"] as? String)
            let slug = to.replacingOccurrences(of: "@", with: "_")
            let link = "https://billing.example.edu/pi/\(slug)/\(Self.period)/index.html"
            #expect(text.contains(link) && html.contains("href=\"\(link)\""), "\(text)")
            let files = try #require(message["attachments"] as? [[String: Any]])
            #expect(files.count == projects.count)
            for project in projects {
                #expect(text.contains(project.project) && text.contains(project.amount), "\(project) in \(text)")
                #expect(html.contains(project.amount))
                let file = try #require(files.first { $0["filename"] as? String == "statement_\(Self.period)_\(project.project).pdf" })
                #expect(file["content_type"] as? String == "application/pdf")
                // The same bytes as the site's PDF and as generate's.
                let sitePDF = cli.folder + "/_site/pi/\(slug)/\(Self.period)/\(project.file)"
                #expect(file["sha256"] as? String == (try Self.sha256(sitePDF)))
                #expect(file["sha256"] as? String == project.sha256)
            }
        }
        #expect(seen == Set(statements.keys))
        let log = try CLIJournalTests.query(cli, "SELECT pi_email, recipient, subject, status, attempts, actor, message_id, statement_ids FROM notifications ORDER BY id")
        #expect(log.count == 8)
        #expect(log.allSatisfy { $0.contains("|\(Self.subject)|sent|1|clerk|<") && $0.contains("@northfield.example.edu>|S-202609-") })
        #expect(Set(messages.compactMap { $0["message_id"] as? String }).count == 8)

        let second = try cli.run(["notify", "-p", Self.period])
        #expect(second.status == 0 && second.stdout.contains("8 skipped") && second.stdout.contains("already notified on"), "\(second.stdout)")
        #expect(sink.messages().count == 8)

        let pi = "liang.chen@northfield.example.edu"
        let resend = try cli.run(["notify", "-p", Self.period, "--resend", "--to", pi])
        #expect(resend.status == 0 && resend.stdout.contains("1 sent"), "\(resend.stdout)")
        #expect(try sink.envelopes().last == [pi] && sink.messages().count == 9)

        let unknown = try cli.run(["notify", "-p", Self.period, "--to", "nobody@example.edu"])
        #expect(unknown.status == 1 && unknown.stderr.contains("nobody@example.edu"))
        // A known PI (in another case) beside an unknown one: refused before anything is sent, naming only the unknown.
        let mixed = try cli.run(["notify", "-p", Self.period, "--resend", "--to", pi.uppercased(), "--to", "nobody@example.edu"])
        #expect(mixed.status == 1 && mixed.stderr.contains("nobody@example.edu") && !mixed.stderr.contains(pi.uppercased()), "\(mixed.stderr)")
        #expect(sink.messages().count == 9)
        let upper = try cli.run(["notify", "-p", Self.period, "--resend", "--to", pi.uppercased()])
        #expect(upper.status == 0 && upper.stdout.contains("1 sent"), "\(upper.stdout)")
        #expect(try sink.envelopes().last == [pi] && sink.messages().count == 10)

        // The period page says who was notified, when.
        #expect(try cli.run(["build"]).status == 0)
        let page = try String(contentsOfFile: cli.folder + "/_site/periods/\(Self.period)/index.html", encoding: .utf8)
        #expect(page.contains("E-mail notices") && page.contains("notified on ") && page.contains(pi))
    }

    @Test func aRejectedRecipientIsLoggedTheOthersAreDeliveredAndADeferredOneAfterARetry() throws {
        let rejected = "liang.chen@northfield.example.edu", deferred = "hannah.kim@northfield.example.edu"
        let sink = try SMTPSink(reject: [rejected], deferring: [deferred: 1])
        defer { sink.stop() }
        let cli = try Self.closedLedger(sink)
        let run = try cli.run(["notify", "-p", Self.period])
        #expect(run.status == 1)
        #expect(run.stdout.contains("7 sent") && run.stdout.contains("1 failed"), "\(run.stdout)")
        #expect(run.stdout.contains(rejected) && run.stdout.contains("SMTP 550: 550 5.1.1 <\(rejected)>: no such mailbox here"), "\(run.stdout)")
        #expect(run.stderr.contains("1 notice(s) failed"))
        let delivered = try sink.envelopes().flatMap { $0 }
        #expect(delivered.count == 7 && !delivered.contains(rejected) && delivered.contains(deferred))
        #expect(try CLIJournalTests.query(cli, "SELECT status, attempts, error LIKE '%550%' FROM notifications WHERE pi_email = '\(rejected)'") == ["failed|1|1"])
        #expect(try CLIJournalTests.query(cli, "SELECT status, attempts FROM notifications WHERE pi_email = '\(deferred)'") == ["sent|2"])

        // Failed PIs are tried again by the next run; the others are not.
        let again = try cli.run(["notify", "-p", Self.period])
        #expect(again.status == 1 && again.stdout.contains("7 skipped") && again.stdout.contains("1 failed"), "\(again.stdout)")
        #expect(sink.messages().count == 7)
    }

    @Test func aStatementChangedSinceItsNoticeIsSentAgainAndOnlyThat() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cli = try Self.closedLedger(sink)
        #expect(try cli.run(["notify", "-p", Self.period]).status == 0)
        #expect(sink.messages().count == 8)
        let pi = "rajesh.iyer@northfield.example.edu"
        let late = try cli.write("hpc_2026-09_late.csv", """
            BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags
            2026-09-01 00:00:00,2026-10-01 00:00:00,2026-09-30 00:00:00,2026-10-01 00:00:00,USD,HPC CPU Compute,Usage,late job accounting,slurm:northfield-hpc:account/proteinfold:partition/cpu-late,proteinfold (late),HPC-CPU-CORE-HR,10.00,10.00,5.00,5.00,"{""pi_email"":""\(pi)"",""project_id"":""protein-folding"",""fund_org"":""440772-4001""}"

            """)
        for args in [["periods", "reopen", Self.period, "--reason", "late HPC accounting"], ["ingest", late, "-s", "hpc", "-p", Self.period],
                     ["periods", "close", Self.period]] {
            let r = try cli.run(args)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let run = try cli.run(["notify", "-p", Self.period])
        #expect(run.status == 0 && run.stdout.contains("1 sent") && run.stdout.contains("7 skipped"), "\(run.stdout)")
        #expect(run.stdout.contains("statement changed since the notice of"))
        #expect(try sink.envelopes().count == 9 && sink.envelopes().last == [pi])
    }

    @Test func withTLSRequiredAServerWithoutSTARTTLSGetsNothing() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cli = try CLIJournalTests.ledger { _ in
            ((try? sink.config()) ?? "").replacingOccurrences(of: "use_tls: false", with: "use_tls: true")
        }
        #expect(try cli.run(["periods", "close", Self.period]).status == 0)
        let run = try cli.run(["notify", "-p", Self.period, "--to", "liang.chen@northfield.example.edu"])
        #expect(run.status == 1 && run.stdout.contains("1 failed") && run.stdout.contains("STARTTLS"), "\(run.stdout)")
        #expect(sink.messages().isEmpty)
        // Not worth retrying: one attempt.
        #expect(try CLIJournalTests.query(cli, "SELECT attempts FROM notifications") == ["1"])
    }

    @Test func startTLSWithAVerifiedCertificateAndALoginFromTheEnvironment() throws {
        let sink = try SMTPSink(tls: true, login: "billing-bot:s3cr$t")
        defer { sink.stop() }
        let cli = try Self.closedLedger(sink)
        let yaml = try sink.config().replacingOccurrences(of: "use_tls: false", with: "use_tls: true")
            .replacingOccurrences(of: "  ca_file: null\n", with: "  ca_file: \(sink.certificate)\n  username: ${SMTP_USER}\n  password: ${SMTP_PASSWORD}\n")
        try yaml.write(toFile: cli.config, atomically: true, encoding: .utf8)
        let pi = "liang.chen@northfield.example.edu"

        let missing = try cli.run(["notify", "-p", Self.period, "--to", pi])
        #expect(missing.status == 1 && missing.stderr.contains("SMTP_USER"), "\(missing.stderr)")
        // (A wrong password is not tried here: aiosmtpd 1.4 never answers a failed AUTH PLAIN.)
        let run = try cli.run(["notify", "-p", Self.period, "--to", pi], environment: ["SMTP_USER": "billing-bot", "SMTP_PASSWORD": "s3cr$t"])
        #expect(run.status == 0 && run.stdout.contains("1 sent") && run.stdout.contains("(STARTTLS)"), "\(run.stdout) \(run.stderr)")
        #expect(try sink.envelopes() == [[pi]])
    }

    @Test func implicitTLSOnPort465WithAVerifiedCertificate() throws {
        // Port 465 needs root (CI and these machines run the suite as root); skip nothing silently.
        let sink = try SMTPSink(implicitTLS: true)
        defer { sink.stop() }
        #expect(sink.port == 465)
        let cli = try Self.closedLedger(sink)
        let yaml = try sink.config().replacingOccurrences(of: "use_tls: false", with: "use_tls: true")
            .replacingOccurrences(of: "  ca_file: null\n", with: "  ca_file: \(sink.certificate)\n")
        try yaml.write(toFile: cli.config, atomically: true, encoding: .utf8)
        let pi = "liang.chen@northfield.example.edu"
        let run = try cli.run(["notify", "-p", Self.period, "--to", pi])
        #expect(run.status == 0 && run.stdout.contains("1 sent") && run.stdout.contains("smtps://127.0.0.1:465 (TLS)"), "\(run.stdout) \(run.stderr)")
        #expect(try sink.envelopes() == [[pi]])
        // Plain SMTP against the TLS port: refused, logged, exit 1.
        // The plain client waits for a greeting the TLS server never sends: a short timeout, one attempt
        // (with the example's 60 s and 3 retries this one step took most of a minute).
        let plainYAML = yaml.replacingOccurrences(of: "use_tls: true", with: "use_tls: false")
            .replacingOccurrences(of: "  timeout_seconds: 60\n", with: "  timeout_seconds: 2\n")
            .replacingOccurrences(of: "  retries: 3\n", with: "  retries: 0\n")
        #expect(plainYAML.contains("\n  timeout_seconds: 2\n") && plainYAML.contains("\n  retries: 0\n"))
        try plainYAML.write(toFile: cli.config, atomically: true, encoding: .utf8)
        let plain = try cli.run(["notify", "-p", Self.period, "--to", pi, "--resend"])
        #expect(plain.status == 1, "\(plain.stdout)")
        #expect(try sink.envelopes() == [[pi]])
    }

    @Test func generateSendWritesThePDFsThenMailsThem() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cli = try CLIJournalTests.ledger { _ in (try? sink.config()) ?? "" }
        #expect(try cli.run(["periods", "close", Self.period]).status == 0)
        let run = try cli.run(["generate", "-p", Self.period, "--send"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote 12 PDF statements") && run.stdout.contains("8 sent"), "\(run.stdout)")
        let recorded = Set(try CLIJournalTests.query(cli, "SELECT sha256 FROM statements"))
        let attached = Set(try ParsedMail.parse(sink.messages()).flatMap { ($0["attachments"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String } })
        #expect(attached.count == 12 && attached == recorded)
    }

    @Test func devModeAndToDirWriteEMLFilesThatParseCleanlyWithNonASCIINamesAndNeverOverwrite() throws {
        let cli = try CLIJournalTests.ledger { yaml in
            yaml.replacingOccurrences(of: "from_name: \"Northfield Research Computing Billing\"", with: "from_name: \"Zoë Ōkafor — 研究计算 Billing\"")
                .replacingOccurrences(of: "subject_template: \"Your research computing statement for {billing_period}\"",
                                      with: "subject_template: \"Статус {billing_period} — Zoë\"")
        }
        let draft = try cli.run(["notify", "-p", Self.period])
        #expect(draft.status == 1 && draft.stderr.contains("--allow-draft") && draft.stderr.contains("open (draft)"))
        let dry = try cli.run(["notify", "-p", Self.period, "--allow-draft", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("8 would send"), "\(dry.stdout)")
        let outbox = cli.folder + "/outbox"
        #expect(!FileManager.default.fileExists(atPath: outbox))
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM notifications") == ["0"])

        let run = try cli.run(["notify", "-p", Self.period, "--allow-draft"])
        #expect(run.status == 0 && run.stdout.contains("8 written"), "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).sorted().map { outbox + "/" + $0 }
        #expect(files.count == 8)
        let before = try files.map { try Self.sha256($0) }
        for message in try ParsedMail.parse(files) {
            #expect((message["defects"] as? [String]) == [], "\(message["path"] ?? "")")
            #expect(message["subject"] as? String == "Статус 2026-09 — Zoë")
            #expect(message["from_name"] as? String == "Zoë Ōkafor — 研究计算 Billing")
            #expect(message["eight_bit"] as? Bool == false && message["bare_line_feeds"] as? Int == 0)
            #expect((message["text"] as? String)?.contains("Draft:") == true)
            #expect((message["attachments"] as? [Any])?.isEmpty == false)
        }
        #expect(try CLIJournalTests.query(cli, "SELECT DISTINCT status FROM notifications") == ["dev_mode"])

        // Dev-mode notices are not "sent": the next run writes them again, beside the first ones.
        #expect(try cli.run(["notify", "-p", Self.period, "--allow-draft"]).status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: outbox)
        #expect(after.count == 16 && after.filter { $0.hasSuffix("-2.eml") }.count == 8)
        #expect(try files.map { try Self.sha256($0) } == before)

        let toDir = try cli.run(["notify", "-p", Self.period, "--allow-draft", "--to-dir", "mail-check", "--to", "zoe.lefevre@northfield.example.edu"])
        #expect(toDir.status == 0 && toDir.stdout.contains("1 written"), "\(toDir.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.folder + "/mail-check") == ["2026-09_zoe.lefevre_northfield.example.edu.eml"])
    }

    @Test func lineBreaksInHeaderSettingsAndAMissingServerAreRefused() throws {
        for (key, line) in [("from_name", "from_name: \"Northfield Research Computing Billing\""),
                            ("subject_template", "subject_template: \"Your research computing statement for {billing_period}\"")] {
            let cli = try CLI(configYAML: try CLI.exampleConfig().replacingOccurrences(of: line, with: "\(key): \"Billing\\r\\nBcc: everyone@example.edu\""))
            let run = try cli.run(["notify", "-p", Self.period])
            #expect(run.status == 1)
            #expect(run.stderr.contains("email.\(key)") && run.stderr.contains("line break"), "\(run.stderr)")
        }
        let cli = try CLIJournalTests.ledger { $0.replacingOccurrences(of: "dev_mode: true", with: "dev_mode: false") }
        #expect(try cli.run(["periods", "close", Self.period]).status == 0)
        let run = try cli.run(["notify", "-p", Self.period])
        #expect(run.status == 1 && run.stderr.contains("smtp.host is not set"), "\(run.stderr)")
    }

    @Test func aPIAddressThatCannotBeSentIsAFailureOfThatPIAlone() throws {
        let cli = try CLIJournalTests.ledger()
        let odd = try cli.write("storage_2026-09_odd.csv", """
            BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,ContractedCost,BilledCost,EffectiveCost,Tags
            2026-09-01,2026-10-01,2026-09-01,2026-10-01,USD,Research Storage (Tier 1),Usage,1 TB-month,nfs:tier1:/proj/zoe,/proj/zoe,STOR-T1-TBMO,6.50,6.50,6.50,6.50,"{""pi_email"":""zoë@northfield.example.edu"",""project_id"":""zoe-lab"",""fund_org"":""410233-1001""}"

            """)
        let ingest = try cli.run(["ingest", odd, "-s", "storage", "-p", Self.period])
        try #require(ingest.status == 0, "\(ingest.stderr)")
        // A dry run finds the problem too, and logs nothing.
        let dry = try cli.run(["notify", "-p", Self.period, "--allow-draft", "--dry-run"])
        #expect(dry.status == 1 && dry.stdout.contains("8 would send") && dry.stdout.contains("1 failed"), "\(dry.stdout)")
        #expect(try CLIJournalTests.query(cli, "SELECT count(*) FROM notifications") == ["0"])
        let run = try cli.run(["notify", "-p", Self.period, "--allow-draft", "--to-dir", "out"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("8 written") && run.stdout.contains("1 failed"), "\(run.stdout)")
        #expect(run.stdout.contains("zoë@northfield.example.edu") && run.stdout.contains("SMTPUTF8"), "\(run.stdout)")
        #expect(try CLIJournalTests.query(cli, "SELECT status FROM notifications WHERE pi_email = 'zoë@northfield.example.edu'") == ["failed"])
    }
}
