/// Graduated (tiered) amounts: each tier's factor applies only to the part
/// of a range that falls inside the tier. Storage prices billable bytes this
/// way (a rate per tier), subsidies cover cumulative usage (a percent per tier).
enum Graduated {
    /// Σ over the tiers of |[from, to) ∩ [previous bound, upTo)| × factor.
    /// Tiers come in order of growing bounds; only the last may be open (nil).
    static func sum(_ tiers: [(upTo: Exact?, factor: Exact)], from: Exact, to: Exact) throws(ExactOverflow) -> Exact {
        var total = Exact.zero
        var lower = Exact.zero
        for tier in tiers {
            let upper = tier.upTo ?? to
            let start = Exact.max(lower, from)
            let end = Exact.min(upper, to)
            if start < end { total = try total + (end - start) * tier.factor }
            lower = upper
            if !(lower < to) { break }
        }
        return total
    }
}
