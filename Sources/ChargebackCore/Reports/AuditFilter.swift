import Foundation

/// Which entries of the audit trail to read. Every condition must hold; an
/// empty filter reads everything.
public struct AuditFilter: Sendable, Equatable {
    public var period: BillingPeriod?
    /// The PI (any case): events about one PI's charges, statements or notices.
    public var piEmail: String?
    /// One charge's history: its import and line, revisions, decisions, statement, notices.
    public var chargeID: Int64?
    /// Who acted (any case).
    public var actor: String?
    /// Empty: every kind.
    public var kinds: Set<AuditKind>
    /// From this instant on (inclusive), `AuditTime.since`.
    public var since: AuditTime?
    /// Before this instant (exclusive), `AuditTime.until`.
    public var until: AuditTime?
    /// At most this many, newest first.
    public var limit: Int?

    public init(period: BillingPeriod? = nil, piEmail: String? = nil, chargeID: Int64? = nil, actor: String? = nil,
                kinds: Set<AuditKind> = [], since: AuditTime? = nil, until: AuditTime? = nil, limit: Int? = nil) {
        self.period = period
        self.piEmail = piEmail
        self.chargeID = chargeID
        self.actor = actor
        self.kinds = kinds
        self.since = since
        self.until = until
        self.limit = limit
    }

    func admits(_ kind: AuditKind) -> Bool { kinds.isEmpty || kinds.contains(kind) }
}

/// A bound of `log --since` / `--until`, as the ledger's time text (ISO 8601
/// UTC, to the second), so that it compares with stored times as text.
///
/// Accepted: a day `YYYY-MM-DD` (UTC): `--since` from its first second,
/// `--until` through its last; or an instant `YYYY-MM-DDTHH:MM[:SS]` with `Z`
/// or an offset (`+02:00`), a space allowed for the `T`: `--since` from it,
/// `--until` through it (that second included). An instant without a zone is
/// refused: local time or UTC would be a guess.
public struct AuditTime: Sendable, Equatable, CustomStringConvertible {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public let utc: String
    public var description: String { utc }

    public static func since(_ text: String) throws(AuditTimeError) -> AuditTime {
        AuditTime(utc: try instant(text, option: "--since", nextIfUntil: false))
    }

    public static func until(_ text: String) throws(AuditTimeError) -> AuditTime {
        AuditTime(utc: try instant(text, option: "--until", nextIfUntil: true))
    }

    private static func instant(_ text: String, option: String, nextIfUntil: Bool) throws(AuditTimeError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = try? FocusDate(parsing: trimmed) else { throw AuditTimeError(option: option, value: text, why: nil) }
        if date.hasTime && date.offset == .none {
            throw AuditTimeError(option: option, value: text, why: "add Z (UTC) or an offset such as +02:00")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var components = DateComponents(year: date.year, month: date.month, day: date.day,
                                        hour: date.hour, minute: date.minute, second: date.second)
        switch date.offset {
        case .minutes(let m): components.timeZone = TimeZone(secondsFromGMT: m * 60)
        case .utc, .none: components.timeZone = TimeZone(identifier: "UTC")
        }
        guard var instant = calendar.date(from: components) else { throw AuditTimeError(option: option, value: text, why: nil) }
        // An exclusive upper bound: the next day, or the next second.
        if nextIfUntil { instant += date.hasTime ? 1 : 86_400 }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }
}

public struct AuditTimeError: Error, Equatable, CustomStringConvertible {
    public var option: String
    public var value: String
    public var why: String?

    public var description: String {
        "\(option) \"\(value)\": " + (why.map { $0 + "; " } ?? "")
            + "expected a day YYYY-MM-DD (UTC) or an instant YYYY-MM-DDTHH:MM:SSZ or with an offset (2026-11-03T09:00:00-05:00)"
    }
}
