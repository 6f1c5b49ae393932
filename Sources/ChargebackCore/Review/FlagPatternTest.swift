import GRDB

/// `review test`: which charges already in the ledger a flag pattern (or a
/// fund/org pattern) would hold for review, decided by the very rules ingest
/// uses (`FlagRules.firstFlagPattern`, `FlagRules.isInvalidFundOrg`, with the
/// matching options of `ReviewConfig`), before anyone changes the config.
public struct FlagPatternTest: Sendable {
    public enum Rule: String, Sendable {
        /// `review.flag_patterns`: searched, in any case, in the service name, resource id and resource name.
        case flag
        /// `review.fund_org_patterns`: a fund/org matching none of them is flagged `invalid_fund_org`.
        case fundOrg = "fund_org"
    }

    /// A charge the patterns would flag, and the reason ingest would give.
    public struct Match: Sendable, Equatable {
        public var charge: ChargeRecord
        /// `pattern_match:<pattern>` or `invalid_fund_org`.
        public var reason: String
    }

    public struct Result: Sendable, Equatable {
        public var rule: Rule
        public var patterns: [String]
        public var period: BillingPeriod?
        /// Charges looked at (with `fundOrg`: those with a fund/org).
        public var examined = 0
        public var matched = 0
        /// The billed amount of the matched charges, exact.
        public var amount = MoneySum()
        /// Matched charges already held or decided for another reason (their current `review_status` is not `none`).
        public var alreadyFlagged = 0
        /// The first matches by charge id, at most the sample size asked for.
        public var sample: [Match] = []
    }

    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// The patterns compiled with the rule's matching options; an invalid one
    /// is an error naming it (`invalid regular expression "(": …`).
    public static func review(_ patterns: [String], rule: Rule) throws(ConfigRegex.CompileError) -> ReviewConfig {
        switch rule {
        case .flag:
            var compiled: [ConfigRegex] = []
            for p in patterns { compiled.append(try ConfigRegex(p, options: ReviewConfig.flagPatternOptions)) }
            return ReviewConfig(flagPatterns: compiled)
        case .fundOrg:
            var compiled: [ConfigRegex] = []
            for p in patterns { compiled.append(try ConfigRegex(p, options: ReviewConfig.fundOrgPatternOptions)) }
            return ReviewConfig(fundOrgPatterns: compiled)
        }
    }

    /// Reads the charges of `period` (or all) in id order, one at a time.
    public func run(_ patterns: [String], rule: Rule, period: BillingPeriod?, sampleSize: Int) throws -> Result {
        let review = try Self.review(patterns, rule: rule)
        var result = Result(rule: rule, patterns: patterns, period: period)
        var cache = FlagCache()
        try store.read { db in
            var sql = "SELECT \(ChargeRecord.selection) FROM \(ChargeQuery.chargesWithSource)"
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let period {
                conditions.append("c.period = ?")
                arguments += [period.description]
            }
            if rule == .fundOrg { conditions.append("c.fund_org IS NOT NULL") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY c.id"
            let charges = try ChargeRecord.fetchCursor(db, sql: sql, arguments: arguments)
            while let charge = try charges.next() {
                result.examined += 1
                let reason: String?
                switch rule {
                case .flag:
                    reason = FlagRules.firstFlagPattern(serviceName: charge.serviceName, resourceId: charge.resourceId,
                                                        resourceName: charge.resourceName, review: review, cache: &cache)
                        .map(FlagReason.patternMatch)
                case .fundOrg:
                    reason = FlagRules.isInvalidFundOrg(charge.fundOrg ?? "", review: review, cache: &cache) ? FlagReason.invalidFundOrg : nil
                }
                guard let reason else { continue }
                result.matched += 1
                result.amount.add(charge.billed)
                if charge.reviewStatus != .unflagged { result.alreadyFlagged += 1 }
                if result.sample.count < sampleSize { result.sample.append(Match(charge: charge, reason: reason)) }
            }
        }
        return result
    }
}
