/// Actor names the ledger writes itself, where no person is known.
public enum LedgerActor {
    /// Written where a legacy ledger recorded no one and our column needs someone.
    public static let legacyUnrecorded = "legacy (not recorded)"
}
