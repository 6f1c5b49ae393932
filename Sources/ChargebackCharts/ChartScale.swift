/// The vertical scale of a bar chart. Values are cents, and money never
/// touches floating point in this project, so heights and tick positions are
/// computed with integer arithmetic (Int128 so `value * height` cannot
/// overflow). The largest value reaches the top of the plot exactly; ticks are
/// "nice" steps at or below it, so a bar never pokes past the axis.
package struct ChartScale: Sendable, Equatable {
    /// Value drawn at the top of the plot; at least 1 so nothing divides by zero.
    package let maximum: Int64
    /// Plot height in viewBox units.
    package let height: Int

    package init(values: [Int64], height: Int) {
        self.maximum = max(1, values.max() ?? 0)
        self.height = max(1, height)
    }

    /// Bar height for a value: proportional, truncated toward zero; negative
    /// and zero values get no height (the bar's tooltip still tells the amount).
    package func barHeight(_ value: Int64) -> Int {
        guard value > 0 else { return 0 }
        return Int(Int128(value) * Int128(height) / Int128(maximum))
    }

    /// Tick values from 0 up to the maximum in steps of 1, 2 or 5 × 10^k. The
    /// step is the largest such number not above half the maximum, which gives
    /// 3 to 5 ticks (fewer only when the maximum is below 2 cents).
    package var ticks: [Int64] {
        let step = Self.niceStep(atMost: maximum / 2)
        var ticks: [Int64] = [0]
        while let last = ticks.last, last <= maximum - step { ticks.append(last + step) }
        return ticks
    }

    static func niceStep(atMost target: Int64) -> Int64 {
        guard target >= 1 else { return 1 }
        var power: Int64 = 1
        while power <= target / 10 { power *= 10 }
        if power * 5 <= target { return power * 5 }
        if power * 2 <= target { return power * 2 }
        return power
    }
}
