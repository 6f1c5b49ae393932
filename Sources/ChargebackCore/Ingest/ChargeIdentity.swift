import Crypto

/// How a re-ingest recognises a charge it has seen before.
///
/// FOCUS has no row id, so a charge is identified by its natural key
/// (charge period, resource id, service, category, description, SKU) plus its
/// ordinal among the rows of the same run sharing that key: two identical-key
/// rows are two charges, and an empty ResourceId or ChargePeriodStart still
/// identifies. Costs, tags and names are content: when they change, the same
/// charge is updated and re-evaluated rather than duplicated.
struct ChargeIdentity {
    /// Counts rows per natural key within one run, keyed by the first 8 bytes
    /// of the key digest: memory per distinct key, never per byte of input. Two
    /// keys sharing those 8 bytes only share a counter; their identities still
    /// differ by the full digest, and the same file gives the same ordinals.
    private var ordinals: [UInt64: UInt32] = [:]
    private var key = FieldDigest()
    private var content = FieldDigest()

    /// The identity within (source, period): 16 bytes of key digest and the
    /// ordinal, big-endian. The ordinal is counted per source and period, so
    /// re-ingesting one period alone gives the same identities as ingesting
    /// it together with others.
    mutating func identity(of draft: ChargeDraft, sourceID: Int64) -> IdentityBytes {
        key.reset()
        key.add(sourceID)
        key.add(Int64(draft.period.year * 100 + draft.period.month))
        key.addDateTime(draft.chargePeriodStart)
        key.addDateTime(draft.chargePeriodEnd)
        key.add(draft.resourceId)
        key.add(draft.serviceName)
        key.add(draft.chargeCategory)
        key.add(draft.chargeDescription)
        key.add(draft.skuId)
        key.add(draft.skuPriceId)
        let digest = key.digest16()
        var prefix: UInt64 = 0
        for i in 0..<8 { prefix = prefix << 8 | UInt64(digest[i]) }
        let ordinal = Self.postIncrement(&ordinals[prefix, default: 0])  // one hash lookup
        var identity = IdentityBytes()
        for i in 0..<16 { identity.value[i] = digest[i] }
        for i in 0..<4 { identity.value[16 + i] = UInt8(truncatingIfNeeded: ordinal >> (24 - 8 * UInt32(i))) }
        return identity
    }

    private static func postIncrement(_ value: inout UInt32) -> UInt32 {
        defer { value += 1 }
        return value
    }

    /// Everything that is not identity: when this changes, the charge changed.
    mutating func contentHash(of draft: ChargeDraft) -> ContentBytes {
        content.reset()
        content.add(draft.billingPeriodStart)
        content.add(draft.resourceName)
        content.add(draft.billingCurrency)
        content.add(draft.list.nanos)
        content.add(draft.contracted.nanos)
        content.add(draft.billed.nanos)
        content.add(draft.effective.nanos)
        content.add(draft.tags)
        return ContentBytes(value: content.digest16())
    }
}

/// Length-prefixed fields (so "ab","c" and "a","bc" differ, and absent
/// differs from empty) gathered in one reused buffer, then hashed once with
/// SHA-256 and truncated to 16 bytes.
struct FieldDigest {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func add(_ value: String?) {
        guard var value else {
            addWord(UInt32.max)
            return
        }
        addWord(UInt32(truncatingIfNeeded: value.utf8.count))
        value.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A canonical date or date-time as the instant written, whatever the
    /// style: `2026-10-01`, `2026-10-01T00:00:00` and `…T00:00:00Z` are one
    /// key, so an export that changes its date style keeps its identities.
    mutating func addDateTime(_ value: String?) {
        guard var value else { return add(nil as String?) }
        // The digits of the first 19 bytes, padded with "0" to at least 14,
        // gathered on the stack and appended at once.
        var digits = SIMD32<UInt8>(repeating: 48)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { out in
            value.withUTF8 { utf8 in
                for byte in utf8.prefix(19) where byte >= 48 && byte <= 57 {
                    out[count] = byte
                    count += 1
                }
            }
        }
        withUnsafeBytes(of: digits) { bytes.append(contentsOf: $0.prefix(max(count, 14))) }
    }

    mutating func add(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Four bytes, least significant first.
    private mutating func addWord(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func digest16() -> SIMD16<UInt8> {
        var out = SIMD16<UInt8>()
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.finalize().withUnsafeBytes { raw in
            for i in 0..<16 { out[i] = raw[i] }
        }
        return out
    }
}

/// A charge identity: 20 bytes kept inline (no allocation per row).
struct IdentityBytes: Equatable, Sendable {
    static let count = 20
    var value = SIMD32<UInt8>()

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: value) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<Self.count])) }
    }
}

/// A content hash: 16 bytes kept inline.
struct ContentBytes: Equatable, Sendable {
    var value: SIMD16<UInt8>

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: value) { try body($0) }
    }

    /// Compares with bytes read from the ledger.
    func equals(_ bytes: [UInt8]) -> Bool {
        bytes.count == 16 && (0..<16).allSatisfy { bytes[$0] == value[$0] }
    }
}
