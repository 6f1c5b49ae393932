import Foundation

/// `email:` — the notice `notify` sends each PI when their statements are
/// ready. The body is the page template `content/email.md` (overridable in
/// `site.content_dir` like every page template).
public struct EmailConfig: Sendable, Equatable, ConfigSection {
    /// From's display name. nil: the organisation's name.
    public var fromName: String?
    /// From's address. "" : `organization.contact_email`.
    public var fromAddress: String
    /// The subject; `{billing_period}` becomes the period (YYYY-MM).
    public var subjectTemplate: String
    /// Attach the PI's PDF statements of the period. Default: true.
    public var attachPDFs: Bool
    /// Write each message as an `.eml` file into `outboxDir` instead of sending it. Default: false;
    /// a top-level `dev_mode: true` (the legacy key) turns it on too.
    public var devMode: Bool
    /// Where dev mode writes messages (absolute).
    public var outboxDir: String
    /// True when `outbox_dir` was written (it then wins over the legacy `output.email_dir`).
    var outboxDirIsSet = false

    public static let defaultSubject = "Your research computing statement for {billing_period}"

    public init(fromName: String? = nil, fromAddress: String = "", subjectTemplate: String = EmailConfig.defaultSubject,
                attachPDFs: Bool = true, devMode: Bool = false, outboxDir: String) {
        self.fromName = fromName
        self.fromAddress = fromAddress
        self.subjectTemplate = subjectTemplate
        self.attachPDFs = attachPDFs
        self.devMode = devMode
        self.outboxDir = outboxDir
    }

    /// The subject for `period`.
    public func subject(period: BillingPeriod) -> String {
        subjectTemplate.replacingOccurrences(of: "{billing_period}", with: period.description)
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init(outboxDir: ConfigPaths.resolve("./output/outbox", against: m.context.baseDirectory))
        if let v = m.value("from_name") { fromName = try v.headerLine() }
        if let v = m.value("from_address") {
            fromAddress = try v.headerLine()
            let parts = fromAddress.split(separator: "@", omittingEmptySubsequences: false)
            if !fromAddress.isEmpty, parts.count != 2 || parts.contains(where: \.isEmpty) || fromAddress.contains(" ") {
                throw v.error(.invalidValue, "expected an e-mail address such as billing@example.edu, got \"\(fromAddress)\"")
            }
        }
        if let v = m.value("subject_template") {
            subjectTemplate = try v.headerLine()
            guard !subjectTemplate.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw v.error(.invalidValue, "expected a subject such as \"\(Self.defaultSubject)\", got an empty one")
            }
        }
        if let v = m.value("attach_pdfs") { attachPDFs = try v.bool() }
        if let v = m.value("dev_mode") { devMode = try v.bool() }
        if let v = m.value("outbox_dir") {
            outboxDir = try v.resolvedPath()
            outboxDirIsSet = true
        }
    }
}
