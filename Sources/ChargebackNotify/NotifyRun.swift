import ChargebackCore
import ChargebackMail
import ChargebackRender
import Foundation

/// `openchargeback notify` (and `generate --send`): one e-mail per PI for a
/// period, with the amounts, a link to their statement page and their PDFs.
///
/// Safe by default: an open period is refused without `allowDraft`; a PI
/// already sent a notice is skipped unless their statement changed or
/// `resend`; each PI is tried on its own (one failure never stops the
/// others) and every attempt is logged (`NotificationLog`). Dev mode or
/// `toDir` writes `.eml` files instead of sending.
public struct NotifyRun: Sendable {
    public struct Options: Sendable {
        public var dryRun: Bool
        /// PI e-mails to limit the run to; nil: every PI of the period.
        public var only: [String]?
        public var resend: Bool
        public var allowDraft: Bool
        /// Write `.eml` files here instead of sending (as dev mode does into `email.outbox_dir`).
        public var toDir: String?

        public init(dryRun: Bool = false, only: [String]? = nil, resend: Bool = false, allowDraft: Bool = false, toDir: String? = nil) {
            self.dryRun = dryRun
            self.only = only
            self.resend = resend
            self.allowDraft = allowDraft
            self.toDir = toDir
        }
    }

    let store: LedgerStore
    let config: AppConfig
    let builtin: String
    let sleep: @Sendable (Double) -> Void
    let progress: any ProgressReporter

    /// `sleep`: how retries wait (tests pass one that does not); `progress` is told of each PI handled.
    public init(store: LedgerStore, config: AppConfig, builtin: String, sleep: @escaping @Sendable (Double) -> Void = RetryPolicy.sleepSeconds,
                progress: any ProgressReporter = SilentProgress()) {
        self.store = store
        self.config = config
        self.builtin = builtin
        self.sleep = sleep
        self.progress = progress
    }

    public func run(_ period: BillingPeriod, options: Options, actor: String) throws -> NotifyReport {
        guard let record = try PeriodWorkflow(store: store).get(period) else { throw LedgerError.unknownPeriod(period) }
        if record.status == .open && !options.allowDraft { throw NotifyError.draftPeriod(period) }
        let outlet = try NoticeOutlet(config: config, toDir: options.toDir, sleep: sleep)
        let subject = try HeaderValue.oneLine(config.email.subject(period: period), origin: NoticeMessage.subjectOrigin)
        let messages = NoticeMessage(
            config: config, template: try EmailTemplate(settings: RenderSettings(config: config), builtin: builtin),
            sender: try NoticeMessage.sender(config), subject: subject,
            pdfs: config.email.attachPDFs ? try PeriodStatementPDFs.load(store: store, settings: RenderSettings(config: config), builtin: builtin,
                                                                          period: period, record: record) : nil)
        let log = NotificationLog(store: store)
        // With --to, those PIs' statements alone are read; one asked for and not read is refused by `plan`.
        let notices = try StatementNotices.plan(try StatementReports(store: store).load(period, pis: options.only),
                                                lastSent: try log.lastSent(period: period),
                                                only: options.only, resend: options.resend, period: period)
        var rows: [NotifyReport.Row] = []
        progress.start("notify \(period)", verb: "handled", unit: .items("PIs"), total: Int64(notices.count))
        defer { progress.finish() }
        for notice in notices {
            defer { progress.advance(1) }
            switch notice.decision {
            case .skip(let reason):
                rows.append(.init(piEmail: notice.statement.piEmail, outcome: .skipped, detail: reason, attempts: 0))
            case .send(let reason):
                let (row, entry) = attempt(notice.statement, why: reason == StatementNotices.firstNotice ? "" : " (\(reason))",
                                           messages: messages, outlet: outlet, dryRun: options.dryRun, actor: actor)
                // A dry run logs nothing; every real attempt is logged as soon as it is made.
                if !options.dryRun { try log.record(entry) }
                rows.append(row)
            }
        }
        return NotifyReport(period: period, destination: outlet.destination, rows: rows)
    }

    /// Makes one PI's message and sends (or writes) it: the table's row and the log's entry.
    private func attempt(_ statement: StatementReport, why: String, messages: NoticeMessage, outlet: NoticeOutlet,
                         dryRun: Bool, actor: String) -> (NotifyReport.Row, NotificationRecord) {
        let pi = statement.piEmail
        var entry = NotificationRecord(period: statement.period.description, piEmail: pi, recipient: pi,
                                       subject: messages.subject, status: .failed, messageId: nil,
                                       statementIds: statement.projects.map(\.statementId).joined(separator: ","),
                                       contentDigest: statement.contentDigest, attempts: 0, actor: actor)
        do {
            let message = try messages.message(for: statement, date: Date())
            let bytes = try MIMEWriter.bytes(message)
            entry.messageId = "<" + message.messageID + ">"
            if dryRun {
                return (.init(piEmail: pi, outcome: .wouldSend, detail: "\(bytes.count) bytes, \(message.attachments.count) PDF", attempts: 0), entry)
            }
            let delivered = try outlet.deliver(bytes, name: "\(statement.period)_\(PISlug.make(pi))", sender: messages.sender.address, recipient: pi)
            entry.attempts = delivered.attempts
            switch delivered.result {
            case .success(let path):
                entry.status = path == nil ? .sent : .devMode
                entry.emlPath = path
                return (.init(piEmail: pi, outcome: path == nil ? .sent : .written, detail: (path ?? entry.messageId ?? "") + why,
                              attempts: delivered.attempts), entry)
            case .failure(let failure):
                entry.error = failure.message
                return (.init(piEmail: pi, outcome: .failed, detail: Self.attempted(failure.message, delivered.attempts),
                              attempts: delivered.attempts), entry)
            }
        } catch {
            entry.error = "\(error)"
            return (.init(piEmail: pi, outcome: .failed, detail: "\(error)", attempts: 0), entry)
        }
    }

    private static func attempted(_ message: String, _ attempts: Int) -> String {
        attempts > 1 ? "\(message) (after \(attempts) attempts)" : message
    }
}
