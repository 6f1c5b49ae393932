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
    /// Counts rows per natural key within one run (16-byte keys: flat memory
    /// per distinct key, never per byte of input).
    private var ordinals: [SIMD16<UInt8>: UInt32] = [:]

    /// The identity within (source, period); the ordinal is counted per
    /// source and period too, so re-ingesting one period alone gives the same
    /// identities as ingesting it together with others.
    mutating func identity(of draft: ChargeDraft, sourceID: Int64) -> [UInt8] {
        var hasher = FieldHasher()
        hasher.add(String(sourceID))
        hasher.add(draft.period.description)
        hasher.add(draft.chargePeriodStart)
        hasher.add(draft.chargePeriodEnd)
        hasher.add(draft.resourceId)
        hasher.add(draft.serviceName)
        hasher.add(draft.chargeCategory)
        hasher.add(draft.chargeDescription)
        hasher.add(draft.skuId)
        hasher.add(draft.skuPriceId)
        let key = hasher.digest16()
        let ordinal = ordinals[key, default: 0]
        ordinals[key] = ordinal + 1
        var withOrdinal = FieldHasher()
        withOrdinal.add(bytes: key)
        withOrdinal.add(String(ordinal))
        return withOrdinal.digestBytes()
    }

    static func contentHash(of draft: ChargeDraft) -> [UInt8] {
        var h = FieldHasher()
        h.add(draft.billingPeriodStart)
        h.add(draft.resourceName)
        h.add(draft.billingCurrency)
        h.add(String(draft.list.nanos))
        h.add(String(draft.contracted.nanos))
        h.add(String(draft.billed.nanos))
        h.add(String(draft.effective.nanos))
        h.add(draft.tags)
        return h.digestBytes()
    }
}

/// SHA-256 over length-prefixed fields (so "ab","c" and "a","bc" differ,
/// and absent differs from empty), truncated to 16 bytes.
struct FieldHasher {
    private var sha = SHA256()

    mutating func add(_ value: String?) {
        guard let value else {
            sha.update(data: [0xFF, 0xFF, 0xFF, 0xFF])
            return
        }
        var v = value
        v.withUTF8 { bytes in
            var length = UInt32(bytes.count).littleEndian
            withUnsafeBytes(of: &length) { sha.update(bufferPointer: $0) }
            sha.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }

    mutating func add(bytes: SIMD16<UInt8>) {
        var b = bytes
        withUnsafeBytes(of: &b) { sha.update(bufferPointer: $0) }
    }

    func digest16() -> SIMD16<UInt8> {
        var out = SIMD16<UInt8>()
        let digest = sha.finalize()
        digest.withUnsafeBytes { raw in
            for i in 0..<16 { out[i] = raw[i] }
        }
        return out
    }

    func digestBytes() -> [UInt8] {
        let d = digest16()
        return (0..<16).map { d[$0] }
    }
}
