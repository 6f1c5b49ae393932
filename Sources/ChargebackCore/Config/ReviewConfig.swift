/// `review:` — which charges are held for a human to look at.
///
/// The matching rules are the legacy Python tool's, so a config moved from it
/// flags the same charges: a flag pattern is a case-insensitive search in the
/// service name, resource id and resource name (Python `re.search` with
/// `re.IGNORECASE`); a fund/org pattern is a case-insensitive match anchored at
/// the start, not at the end (`re.match`): write `$` to require the whole value.
public struct ReviewConfig: Sendable, Equatable, ConfigSection {
    public static let flagPatternOptions: ConfigRegex.Options = [.caseInsensitive]
    public static let fundOrgPatternOptions: ConfigRegex.Options = [.caseInsensitive, .anchoredAtStart]

    /// A match in the service name, resource id or resource name flags the charge.
    public var flagPatterns: [ConfigRegex]
    /// A fund/org matching none of these is flagged `invalid_fund_org`; empty means no check.
    public var fundOrgPatterns: [ConfigRegex]

    /// Patterns take this section's matching rules whatever options they were compiled with.
    public init(flagPatterns: [ConfigRegex] = [], fundOrgPatterns: [ConfigRegex] = []) {
        self.flagPatterns = flagPatterns.map { $0.with(Self.flagPatternOptions) }
        self.fundOrgPatterns = fundOrgPatterns.map { $0.with(Self.fundOrgPatternOptions) }
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init(flagPatterns: try m.value("flag_patterns")?.regexList(options: Self.flagPatternOptions) ?? [],
                  fundOrgPatterns: try m.value("fund_org_patterns")?.regexList(options: Self.fundOrgPatternOptions) ?? [])
    }

    /// True when `fundOrg` passes `fundOrgPatterns` (always true when none are configured).
    public func isValidFundOrg(_ fundOrg: String) -> Bool {
        fundOrgPatterns.isEmpty || fundOrgPatterns.contains { $0.matches(fundOrg) }
    }

    /// The index of the first flag pattern, in config order, found in `value`;
    /// nil when none is, or `value` is empty (an empty field is never searched).
    public func firstFlagPattern(in value: String) -> Int? {
        value.isEmpty ? nil : flagPatterns.firstIndex { $0.matches(value) }
    }
}
