/// Decides whether a charge is held for review, and why: the first reason
/// that applies, in the documented order.
public struct FlagRules: Sendable {
    public var currency: String
    /// The patterns, and the checks `ReviewConfig` defines on them.
    public var review: ReviewConfig

    public init(currency: String, review: ReviewConfig) {
        self.currency = currency
        self.review = review
    }

    func reason(for draft: ChargeDraft, requestedPeriod: BillingPeriod?, cache: inout FlagCache) -> String? {
        if let requestedPeriod, requestedPeriod != draft.period { return "period_mismatch" }
        // Before the missing_* checks: a field whose tags disagree was left empty.
        if let field = draft.tagConflict { return "tag_conflict:" + field }
        if draft.piEmail == ChargeDraft.unallocated { return "missing_pi" }
        if draft.projectId == nil { return "missing_project" }
        guard let fundOrg = draft.fundOrg else { return "missing_fund_org" }
        if Self.isInvalidFundOrg(fundOrg, review: review, cache: &cache) { return FlagReason.invalidFundOrg }
        // Exact match first: this runs for every row, and uppercasing allocates.
        if let code = draft.billingCurrency, code != currency, code.uppercased() != currency.uppercased() {
            return "currency_mismatch"
        }
        if let pattern = Self.firstFlagPattern(serviceName: draft.serviceName, resourceId: draft.resourceId,
                                               resourceName: draft.resourceName, review: review, cache: &cache) {
            return FlagReason.patternMatch(pattern)
        }
        return nil
    }

    // The two pattern rules, called by ingest (above) and by `review test`
    // (`FlagPatternTest`), so that both decide the same way.

    /// The first flag pattern in config order that matches any of the fields
    /// a flag pattern searches (as the legacy tool chose it): service name,
    /// resource id, resource name; nil when none does.
    static func firstFlagPattern(serviceName: String?, resourceId: String?, resourceName: String?,
                                 review: ReviewConfig, cache: inout FlagCache) -> ConfigRegex? {
        guard !review.flagPatterns.isEmpty else { return nil }
        let first = min(cache.firstMatchingPattern(serviceName, review: review),
                        cache.firstMatchingPattern(resourceId, review: review),
                        cache.firstMatchingPattern(resourceName, review: review))
        return first < review.flagPatterns.count ? review.flagPatterns[first] : nil
    }

    /// A fund/org that matches none of the fund/org patterns (never, when none are configured).
    static func isInvalidFundOrg(_ fundOrg: String, review: ReviewConfig, cache: inout FlagCache) -> Bool {
        !review.fundOrgPatterns.isEmpty && !cache.fundOrgIsValid(fundOrg, review: review)
    }
}

/// Flag reasons that name what the review rules found.
public enum FlagReason {
    public static let invalidFundOrg = "invalid_fund_org"
    public static let patternMatchPrefix = "pattern_match:"
    /// `pattern_match:<the pattern as written in the config>`.
    public static func patternMatch(_ pattern: ConfigRegex) -> String { patternMatchPrefix + pattern.source }
}

/// Remembers regex results per distinct value: exports repeat the same
/// services, resources and fund/orgs on many rows, and a regex costs far more
/// than a dictionary lookup. Bounded so memory stays flat on huge files.
struct FlagCache {
    private var fundOrgs: [String: Bool] = [:]
    private var patterns: [String: Int] = [:]  // Int.max: no pattern matches
    private let limit = 200_000

    mutating func fundOrgIsValid(_ value: String, review: ReviewConfig) -> Bool {
        if let known = fundOrgs[value] { return known }
        let valid = review.isValidFundOrg(value)
        if fundOrgs.count >= limit { fundOrgs.removeAll(keepingCapacity: true) }
        fundOrgs[value] = valid
        return valid
    }

    /// `ReviewConfig.firstFlagPattern(in:)` of `value`, remembered; Int.max when none matches.
    mutating func firstMatchingPattern(_ value: String?, review: ReviewConfig) -> Int {
        guard let value else { return Int.max }
        if let known = patterns[value] { return known }
        let index = review.firstFlagPattern(in: value) ?? Int.max
        if patterns.count >= limit { patterns.removeAll(keepingCapacity: true) }
        patterns[value] = index
        return index
    }
}
