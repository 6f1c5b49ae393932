import ChargebackCore
import ChargebackRender

/// What `content/email.md` receives: one PI's notice for one period.
struct EmailView: Sendable {
    struct Project: Sendable {
        var projectId: String
        var statementId: String
        var fundOrg: String
        var amount: String
    }

    var period: String
    var status: String
    var isDraft: Bool
    var piEmail: String
    var organization: String
    var contactEmail: String
    var hasContact: Bool
    var projects: [Project]
    var total: String
    /// The PI's statement page on the site (`site.base_url` + its path); "" without a base URL.
    var link: String
    var hasLink: Bool
    var attachmentNames: String
    var hasAttachments: Bool
}

extension EmailView {
    init(statement: StatementReport, settings: RenderSettings, attachments: [String]) {
        let amount = AmountText(currency: settings.currency)
        period = statement.period.description
        status = statement.status.rawValue
        isDraft = statement.status == .open
        piEmail = statement.piEmail
        organization = settings.organization.name
        contactEmail = settings.organization.contactEmail
        hasContact = !contactEmail.isEmpty
        projects = statement.projects.map {
            Project(projectId: $0.projectId, statementId: $0.statementId,
                    fundOrg: $0.fundOrgs.isEmpty ? "—" : $0.fundOrgs.joined(separator: ", "), amount: amount($0.totals.billed))
        }
        total = amount(statement.totals.billed)
        link = Self.link(base: settings.site.baseURL, path: SitePaths.statement(PISlug.make(statement.piEmail), statement.period))
        hasLink = !link.isEmpty
        attachmentNames = attachments.joined(separator: ", ")
        hasAttachments = !attachments.isEmpty
    }

    /// `base` without its trailing slashes + `/` + `path`; "" when there is no base.
    static func link(base: String, path: String) -> String {
        var base = base.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        return base.isEmpty ? "" : base + "/" + path
    }
}
