import ChargebackCore
@testable import ChargebackNotify
@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Testing

/// The parts of `notify` that live in the site library: who is sent what,
/// the e-mail template, the plain-text rendering, the period page's rows.
@Suite struct NotifySiteTests {
    static let period = BillingPeriod("2026-09")

    @Test func aPIIsSkippedOnlyWhileTheirStatementIsUnchangedSinceTheirLastSentNotice() throws {
        let sample = try SampleSite(periods: ["2026-09"])
        let p = try #require(Self.period)
        let statements = try StatementReports(store: sample.store).load(p)
        let first = statements[0], second = statements[1]
        func sent(_ s: StatementReport, digest: String) -> NotificationRecord {
            NotificationRecord(period: "2026-09", piEmail: s.piEmail.uppercased(), recipient: s.piEmail, subject: "s", status: .sent,
                               messageId: "<x@y>", statementIds: "", contentDigest: digest, attempts: 1, actor: "t", at: "2026-11-01T10:00:00Z")
        }
        let log = [first.piEmail.lowercased(): sent(first, digest: first.contentDigest),
                   second.piEmail.lowercased(): sent(second, digest: "older")]
        let plan = try StatementNotices.plan(statements, lastSent: log, only: nil, resend: false, period: p)
        #expect(plan.count == statements.count)
        #expect(plan[0].decision == .skip(reason: "already notified on 2026-11-01T10:00:00Z, statement unchanged (--resend sends again)"))
        #expect(plan[1].decision == .send(reason: "statement changed since the notice of 2026-11-01T10:00:00Z"))
        #expect(plan[2...].allSatisfy { $0.decision == .send(reason: StatementNotices.firstNotice) })

        let resend = try StatementNotices.plan(statements, lastSent: log, only: [first.piEmail.uppercased()], resend: true, period: p)
        #expect(resend.map(\.statement.piEmail) == [first.piEmail])
        #expect(resend[0].decision == .send(reason: "--resend (last sent 2026-11-01T10:00:00Z)"))
        #expect(throws: NotifyError.self) {
            try StatementNotices.plan(statements, lastSent: [:], only: ["nobody@example.edu"], resend: false, period: p)
        }
    }

    @Test func theStatementOfChargesWithoutAPIIsSkipped() throws {
        let sample = try SampleSite(periods: ["2026-09"])
        try sample.closeAfterReview("2026-09")
        let p = try #require(Self.period)
        let plan = try StatementNotices.plan(try StatementReports(store: sample.store).load(p), lastSent: [:], only: nil, resend: false, period: p)
        let unallocated = try #require(plan.first { $0.statement.piEmail == ChargeDraft.unallocated })
        #expect(unallocated.decision == .skip(reason: StatementNotices.noAddressee))
        #expect(plan.filter { $0.decision == .send(reason: StatementNotices.firstNotice) }.count == plan.count - 1)
    }

    @Test func theMessageComesFromALocalTemplateWithValuesEscapedAndPDFsAsTheSites() throws {
        let sample = try SampleSite(periods: ["2026-09"])
        let content = sample.folder + "/content"
        try FileManager.default.createDirectory(atPath: content, withIntermediateDirectories: true)
        try """
            {{% CONTENT_TYPE: MARKDOWN}}
            Hello {{piEmail}}: {{#projects}}*{{projectId}}* {{amount}}; {{/projects}}[your page]({{link}})
            """.write(toFile: content + "/email.md", atomically: true, encoding: .utf8)
        sample.config.site.contentDir = content
        let p = try #require(Self.period)
        let statement = try #require(try StatementReports(store: sample.store).load(p).first { $0.projects.contains { $0.projectId == "Ωmega-lab" } })
        let record = try #require(try PeriodWorkflow(store: sample.store).get(p))
        let builtin = SampleSite.root.path
        let pdfs = try PeriodStatementPDFs.load(store: sample.store, settings: RenderSettings(config: sample.config), builtin: builtin,
                                                period: p, record: record)
        let messages = NoticeMessage(config: sample.config, template: try EmailTemplate(settings: RenderSettings(config: sample.config), builtin: builtin),
                                     sender: try NoticeMessage.sender(sample.config), subject: "Statement 2026-09", pdfs: pdfs)
        let message = try messages.message(for: statement, date: Date(timeIntervalSince1970: 0))
        let link = "https://billing.example.edu/pi/\(PISlug.make(statement.piEmail))/2026-09/index.html"
        #expect(message.text.contains("Hello \(statement.piEmail): Ωmega-lab "), "\(message.text)")
        #expect(message.text.contains("your page <\(link)>"))
        #expect(message.html.contains("<em>Ωmega-lab</em>") && message.html.contains("<a href=\"\(link)\">your page</a>"))
        #expect(message.attachments.map(\.fileName).contains("statement_2026-09_Ωmega-lab.pdf"))

        // The attachments are the site's PDFs, byte for byte.
        try sample.build()
        for (project, attachment) in zip(statement.projects, message.attachments) {
            let site = try Data(contentsOf: URL(fileURLWithPath: sample.site + "/" + SitePaths.statementPDF(
                PISlug.make(statement.piEmail), p, project: ProjectSlug.make(project.projectId))))
            #expect(Array(site) == attachment.bytes, "\(project.projectId)")
        }
    }

    @Test func plainTextKeepsLinkAddressesAndDropsMarkup() {
        let text = MarkdownPlainText.render("**Due:** USD 1.00 — see [your page](https://x.example/a) or <https://x.example/b>.\n")
        #expect(text == "Due: USD 1.00 — see your page <https://x.example/a> or https://x.example/b.\n")
        #expect(EmailView.link(base: "https://billing.example.edu//", path: "pi/a/2026-09/index.html") == "https://billing.example.edu/pi/a/2026-09/index.html")
        #expect(EmailView.link(base: "", path: "pi/a/2026-09/index.html") == "")
    }

    @Test func thePeriodPageShowsEachPIsLatestAttemptAndWhenTheyWereNotified() throws {
        func entry(_ pi: String, _ status: NotificationRecord.Status, _ at: String, error: String? = nil) -> NotificationRecord {
            NotificationRecord(period: "2026-09", piEmail: pi, recipient: pi, subject: "s", status: status, error: error, messageId: "<m@x>",
                               statementIds: "", contentDigest: "", attempts: 1, actor: "ann", at: at)
        }
        let page = PageContext(path: "periods/2026-09/index.html", organization: "o", contactEmail: "", currency: "USD")
        let rows = PeriodView.notices([entry("a@x.edu", .sent, "T1"), entry("b@x.edu", .failed, "T2", error: "SMTP 550: no"),
                                       entry("A@x.edu", .failed, "T3", error: "SMTP 451: later")], period: try #require(Self.period), page: page)
        #expect(rows.map(\.pi) == ["a@x.edu", "b@x.edu"])
        #expect(rows[0].notified == "notified on T1" && rows[0].lastAttempt == "T3" && rows[0].result == "failed" && rows[0].detail == "SMTP 451: later")
        #expect(rows[1].notified == PeriodView.notNotified && rows[1].detail == "SMTP 550: no")
        #expect(rows[0].href == "../../pi/a_x.edu/2026-09/index.html")
    }

    /// docs/templates.md lists every variable of the e-mail template, and nothing else.
    @Test func theEmailTemplatesVariablesAreDocumented() throws {
        let sample = try SampleSite(periods: ["2026-09"])
        let p = try #require(Self.period)
        let statement = try #require(try StatementReports(store: sample.store).load(p).first)
        var settings = RenderSettings(config: sample.config)
        settings.site.baseURL = "https://billing.example.edu"
        let view = EmailView(statement: statement, settings: settings, attachments: ["a.pdf"])
        var unseen: [String] = []
        let paths = Set(TemplateDoc.paths(of: view, unseen: &unseen))
        #expect(unseen.isEmpty)
        #expect(paths == (try TemplateDoc.variables("email.md")), "docs/templates.md, section email.md")
    }
}
