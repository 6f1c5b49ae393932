/// `tag_mapping:` — which key of the FOCUS `Tags` JSON holds each chargeback field.
public struct TagMapping: Sendable, Equatable, ConfigSection {
    public var piEmail: String
    public var projectId: String
    public var fundOrg: String
    public var costCenter: String
    public var accountCode: String
    public var reference1: String
    public var reference2: String

    public init(
        piEmail: String = "pi_email", projectId: String = "project_id", fundOrg: String = "fund_org",
        costCenter: String = "cost_center", accountCode: String = "account_code",
        reference1: String = "reference_1", reference2: String = "reference_2"
    ) {
        self.piEmail = piEmail
        self.projectId = projectId
        self.fundOrg = fundOrg
        self.costCenter = costCenter
        self.accountCode = accountCode
        self.reference1 = reference1
        self.reference2 = reference2
    }

    /// The legacy tool's defaults: `project` for the project, no reference tags.
    static let legacy = TagMapping(projectId: "project", reference1: "", reference2: "")

    init(from m: ConfigMapping) throws(ConfigError) {
        self = m.context.byDialect(TagMapping(), legacy: .legacy)
        if let v = m.value("pi_email") { piEmail = try v.nonEmptyString() }
        if let v = m.value("project_id") { projectId = try v.nonEmptyString() }
        if let v = m.value("fund_org") { fundOrg = try v.nonEmptyString() }
        // The optional fields may be "" (as the legacy tool allowed): no tag is read for them.
        if let v = m.value("cost_center") { costCenter = try v.string() }
        if let v = m.value("account_code") { accountCode = try v.string() }
        if let v = m.value("reference_1") { reference1 = try v.string() }
        if let v = m.value("reference_2") { reference2 = try v.string() }
    }
}
