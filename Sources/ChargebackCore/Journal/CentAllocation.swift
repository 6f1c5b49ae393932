/// The journal's rounding rule, step two: share a total already rounded to
/// cents among the exact parts it is made of (largest-remainder method).
///
/// Each part first gets its exact amount rounded down to the cent; the cents
/// still missing from the total go, one each, to the parts that lost the most
/// by rounding down (ties: the earlier part). The shares add up to the total
/// exactly, and no share is more than one cent from its exact amount.
enum CentAllocation {
    static let nanosPerCent: Int128 = 10_000_000

    static func split(_ total: Int64, over parts: [MoneySum]) -> [Int64] {
        var shares: [Int64] = []
        var remainders: [Int128] = []
        var floorSum: Int128 = 0
        for part in parts {
            var floor = part.nanos / nanosPerCent
            if part.nanos % nanosPerCent < 0 { floor -= 1 }
            shares.append(Int64(floor))
            remainders.append(part.nanos - floor * nanosPerCent)
            floorSum += floor
        }
        // With `total` the half-away-from-zero rounding of the parts' sum,
        // 0 ≤ missing ≤ parts.count (see docs/admin-guide.md, "Rounding").
        let missing = Int(Int128(total) - floorSum)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(max(0, missing)) { shares[index] += 1 }
        return shares
    }
}
