import ChargebackCore

/// How bytes are counted in GB and TB. Binary is what both legacy storage
/// scripts used (Isilon: bytes / 1024⁴; Qumulo: PowerShell's `1GB` = 2³⁰),
/// so it is the default; decimal is SI (10⁹, 10¹²).
public enum ByteUnits: String, Sendable, Equatable, CaseIterable {
    case binary
    case decimal

    public var gigabyte: Int128 { self == .binary ? 1 << 30 : 1_000_000_000 }
    public var terabyte: Int128 { self == .binary ? 1 << 40 : 1_000_000_000_000 }
    /// How the units are written in descriptions.
    public var gbName: String { self == .binary ? "GiB" : "GB" }
    public var tbName: String { self == .binary ? "TiB" : "TB" }
}

/// How storage is priced for one month: a pure value.
///
/// For a directory using U bytes (the average of the month's samples):
/// - ListCost = U × rate (the standard rate, so the free part shows its value);
/// - ContractedCost = the billable part, max(0, U − free allowance), priced by
///   the tiers (graduated: each tier's rate on the bytes inside it) or, with
///   no tiers, at the rate;
/// - BilledCost = max(0, ContractedCost × (100 − subsidy) / 100 − daily credit × days in month).
public struct StorageRates: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        /// Cumulative upper bound of billable bytes in this tier; nil: no bound (the last tier).
        public var upToBytes: Exact?
        /// Money per byte-month.
        public var rate: Exact

        public init(upToBytes: Exact?, rate: Exact) {
            self.upToBytes = upToBytes
            self.rate = rate
        }
    }

    public var serviceName: String
    /// Money per byte-month: the standard rate.
    public var rate: Exact
    public var tiers: [Tier]
    public var freeBytes: Exact
    public var subsidyPercent: Exact
    /// Money per day, taken off the bill (times the days of the month).
    public var dailyCredit: Exact
    public var units: ByteUnits

    public init(serviceName: String, rate: Exact, tiers: [Tier] = [], freeBytes: Exact = .zero,
                subsidyPercent: Exact = .zero, dailyCredit: Exact = .zero, units: ByteUnits) {
        self.serviceName = serviceName
        self.rate = rate
        self.tiers = tiers
        self.freeBytes = freeBytes
        self.subsidyPercent = subsidyPercent
        self.dailyCredit = dailyCredit
        self.units = units
    }

    /// The three amounts for `bytes` of average use in a month of `days` days.
    public func amounts(bytes: Exact, days: Int) throws(ExactOverflow) -> ChargeAmounts {
        let list = try bytes * rate
        let billable = Exact.max(.zero, try bytes - freeBytes)
        let contracted = try price(billable)
        let afterSubsidy = try contracted * (Exact.hundred - subsidyPercent) / Exact.hundred
        let billed = Exact.max(.zero, try afterSubsidy - (dailyCredit * Exact(days)))
        return try ChargeAmounts(list: list, contracted: contracted, billed: billed)
    }

    /// Billable bytes priced by the tiers, or at the rate when there are none.
    func price(_ billable: Exact) throws(ExactOverflow) -> Exact {
        guard !tiers.isEmpty else { return try billable * rate }
        return try Graduated.sum(tiers.map { ($0.upToBytes, $0.rate) }, from: .zero, to: billable)
    }

    /// "500 GiB free, 25% subsidy, 0.10 credit per day", for descriptions.
    var terms: String {
        var parts: [String] = []
        if !freeBytes.isZero { parts.append("\((try? freeBytes / Exact(units.gigabyte))?.readableText(digits: 3) ?? "?") \(units.gbName) free") }
        if !tiers.isEmpty { parts.append("tiered prices") }
        if !subsidyPercent.isZero { parts.append("\(subsidyPercent.decimalText(digits: 4))% subsidy") }
        if !dailyCredit.isZero { parts.append("\(dailyCredit.readableText(digits: 4, minimumDigits: 2)) credit per day") }
        return parts.joined(separator: ", ")
    }
}
