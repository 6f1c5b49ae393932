import Foundation

/// Local wall-clock time ↔ seconds since the epoch, in one time zone (the
/// one sacct printed its times in, and in which months begin at midnight).
/// Seconds are integers throughout; across a daylight-saving change the
/// epoch seconds are what count, so a job over the change is charged for the
/// time it really ran.
public struct LocalClock: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone = .current) { self.zone = zone }

    /// `identifier`: an IANA name (America/Chicago); nil when unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    private func offset(at epoch: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch))))
    }

    /// The instant of a local wall-clock time. A time that happens twice (the
    /// hour after clocks go back) is taken the first time; one that never
    /// happens (the hour skipped) maps to the instant an hour later.
    public func epoch(_ day: CivilDay, secondOfDay: Int) -> Int64 {
        let wall = Int64(day.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
        let first = wall - offset(at: wall)
        return wall - offset(at: first)
    }

    public func epoch(_ time: SacctTime) -> Int64 {
        switch time {
        case .epoch(let e): e
        case .local(let day, let second): epoch(day, secondOfDay: second)
        }
    }

    /// Local midnight starting `day`.
    public func start(of day: CivilDay) -> Int64 { epoch(day, secondOfDay: 0) }

    /// The local date at an instant.
    public func day(at epoch: Int64) -> CivilDay {
        let wall = epoch + offset(at: epoch)
        return CivilDay(daysSinceEpoch: Int((wall - ((wall % 86_400) + 86_400) % 86_400) / 86_400))
    }
}
