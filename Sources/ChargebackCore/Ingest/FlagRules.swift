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
        if !review.fundOrgPatterns.isEmpty && !cache.fundOrgIsValid(fundOrg, review: review) {
            return "invalid_fund_org"
        }
        // Exact match first: this runs for every row, and uppercasing allocates.
        if let code = draft.billingCurrency, code != currency, code.uppercased() != currency.uppercased() {
            return "currency_mismatch"
        }
        if !review.flagPatterns.isEmpty {
            // The first pattern in config order that matches any of the fields (as the legacy tool chose it).
            let first = min(cache.firstMatchingPattern(draft.serviceName, review: review),
                            cache.firstMatchingPattern(draft.resourceId, review: review),
                            cache.firstMatchingPattern(draft.resourceName, review: review))
            if first < review.flagPatterns.count { return "pattern_match:" + review.flagPatterns[first].source }
        }
        return nil
    }
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
