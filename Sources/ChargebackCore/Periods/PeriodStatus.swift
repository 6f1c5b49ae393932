/// open → closed → finalized; closed may reopen (with a reason); finalized is permanent.
public enum PeriodStatus: String, Codable, Sendable, CaseIterable {
    case open, closed, finalized
}
