/// One FOCUS row, decoded. Absent values (empty cell or `NULL`) are `nil`.
public struct FocusRow: Hashable, Sendable {
    public var billingPeriodStart: FocusDate
    public var billingPeriodEnd: FocusDate?
    public var chargePeriodStart: FocusDate?
    public var chargePeriodEnd: FocusDate?
    public var listCost: Money?
    public var contractedCost: Money?
    public var billedCost: Money
    public var effectiveCost: Money?
    public var resourceId: String?
    public var resourceName: String?
    public var serviceName: String?
    public var chargeCategory: String?
    public var chargeDescription: String?
    public var billingCurrency: String?
    public var skuId: String?
    public var skuPriceId: String?
    /// Empty when the cell was empty or `NULL`.
    public var tags: FocusTags

    public init(billingPeriodStart: FocusDate, billingPeriodEnd: FocusDate? = nil,
                chargePeriodStart: FocusDate? = nil, chargePeriodEnd: FocusDate? = nil,
                listCost: Money? = nil, contractedCost: Money? = nil, billedCost: Money,
                effectiveCost: Money? = nil, resourceId: String? = nil, resourceName: String? = nil,
                serviceName: String? = nil, chargeCategory: String? = nil, chargeDescription: String? = nil,
                billingCurrency: String? = nil, skuId: String? = nil, skuPriceId: String? = nil,
                tags: FocusTags = .empty) {
        self.billingPeriodStart = billingPeriodStart
        self.billingPeriodEnd = billingPeriodEnd
        self.chargePeriodStart = chargePeriodStart
        self.chargePeriodEnd = chargePeriodEnd
        self.listCost = listCost
        self.contractedCost = contractedCost
        self.billedCost = billedCost
        self.effectiveCost = effectiveCost
        self.resourceId = resourceId
        self.resourceName = resourceName
        self.serviceName = serviceName
        self.chargeCategory = chargeCategory
        self.chargeDescription = chargeDescription
        self.billingCurrency = billingCurrency
        self.skuId = skuId
        self.skuPriceId = skuPriceId
        self.tags = tags
    }

    /// The billing period of the row: the calendar month of BillingPeriodStart as written.
    public var period: BillingPeriod { billingPeriodStart.period }
}

/// All the problems of one row (never empty).
public struct FocusRowErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public init(_ errors: [InputError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Safe quoting of untrusted cell text for error messages.
public enum FocusText {
    /// `"value"`, with `"` and `\` escaped, control characters written as
    /// escapes (`\n`, `\u{1B}`), and text past `limit` characters cut with `…`.
    public static func quote(_ text: String, limit: Int = 60) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            if let escaped = TextEscaping.escape(scalar, code: { "\\u{" + String($0, radix: 16, uppercase: true) + "}" }) {
                out += escaped
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Quotes raw cell bytes (invalid UTF-8 shown as U+FFFD).
    public static func quote(_ bytes: UnsafeRawBufferPointer, limit: Int = 60) -> String {
        // Decode only a bounded prefix: a hostile cell can be huge.
        let prefix = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, limit * 4 + 4)])
        var s = quote(String(decoding: prefix, as: UTF8.self), limit: limit)
        if prefix.count < bytes.count && !s.hasSuffix("…\"") {
            s.removeLast()
            s += "…\""
        }
        return s
    }
}
