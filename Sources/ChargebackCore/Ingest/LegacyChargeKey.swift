/// The legacy tool's natural key of a charge: (period, source, resource id,
/// charge period start). Its re-import upserted on it; a charge carried over
/// from a legacy ledger keeps it (`legacy_charge_keys`) so that our first
/// ingest of the same period and source finds the charge instead of adding
/// it a second time (`LegacyChargeMatch`).
enum LegacyChargeKey {
    /// The start as an instant written `YYYY-MM-DDTHH:MM:SS`: a date alone is
    /// midnight and an offset is dropped, so `2025-12-01` (as the legacy tool
    /// kept the cell) and `2025-12-01T00:00:00Z` (as an export may write it
    /// next time) are one key. Text that is not a date stays as it is.
    static func start(_ chargePeriodStart: String?) -> String? {
        guard let text = chargePeriodStart else { return nil }
        guard let date = try? FocusDate(parsing: text) else { return text }
        var plain = date
        plain.hasTime = true
        plain.offset = .none
        plain.nanosecond = 0
        return plain.canonical
    }

    /// The identity (in `charge_keys`) of a carried-over charge until an ingest
    /// matches it: `LGCY`, the run and the legacy charge id, 20 bytes like an
    /// ingest identity. Ingest identities are SHA-256 digests, so a FOCUS row
    /// can never land on one of these by its own identity.
    static func identity(run: Int64, legacyID: Int64) -> [UInt8] {
        var bytes = Array("LGCY".utf8)
        for value in [run, legacyID] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
        }
        return bytes
    }
}
