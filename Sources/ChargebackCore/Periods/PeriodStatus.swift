/// open → closed → finalized; closed may reopen (with a reason); finalized is permanent.
public enum PeriodStatus: String, Codable, Sendable, CaseIterable {
    case open, closed, finalized

    /// What a statement of a period in this status says about itself.
    public var statementLabel: String {
        switch self {
        case .open: return "DRAFT"
        case .closed: return "pending finalization"
        case .finalized: return "final"
        }
    }
}
