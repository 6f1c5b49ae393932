import Crypto

/// The id printed on a statement (PI × project × period), e.g.
/// `S-202610-3fa2b1c4d5`: stable across builds, the same on the page, the
/// PDF and the ledger, and free of the PI's address.
public enum StatementID {
    public static func make(period: BillingPeriod, piEmail: String, projectId: String) -> String {
        let digest = SHA256.hash(data: Array((piEmail.lowercased() + "\u{1F}" + projectId).utf8))
        let hex = FileDigest.hex(digest.prefix(5))
        return "S-" + String(period.year) + (period.month < 10 ? "0" : "") + String(period.month) + "-" + hex
    }
}
