/// `review:` — which charges are held for a human to look at.
public struct ReviewConfig: Sendable, Equatable, ConfigSection {
    /// A match in the service name, resource id or resource name flags the charge.
    public var flagPatterns: [ConfigRegex]
    /// A fund/org matching none of these is flagged `invalid_fund_org`; empty means no check.
    public var fundOrgPatterns: [ConfigRegex]

    public init(flagPatterns: [ConfigRegex] = [], fundOrgPatterns: [ConfigRegex] = []) {
        self.flagPatterns = flagPatterns
        self.fundOrgPatterns = fundOrgPatterns
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("flag_patterns") { flagPatterns = try v.regexList() }
        if let v = m.value("fund_org_patterns") { fundOrgPatterns = try v.regexList() }
    }

    /// True when `fundOrg` passes `fundOrgPatterns` (always true when none are configured).
    public func isValidFundOrg(_ fundOrg: String) -> Bool {
        fundOrgPatterns.isEmpty || fundOrgPatterns.contains { $0.matches(fundOrg) }
    }

    /// The first flag pattern matching any of `fields`, if one does.
    public func flagPattern(matchingAnyOf fields: [String]) -> ConfigRegex? {
        flagPatterns.first { p in fields.contains { p.matches($0) } }
    }
}
