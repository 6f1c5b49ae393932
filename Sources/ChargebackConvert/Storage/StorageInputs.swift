import ChargebackCore

/// One measurement of a directory's size.
public struct StorageSample: Sendable, Equatable {
    /// The night it was taken; nil for an undated snapshot (an Isilon quota list), which stands for the whole month.
    public var date: CivilDay?
    public var path: String
    public var bytes: Exact
    /// Where it was read, for messages.
    public var file: String
    public var line: Int

    public init(date: CivilDay?, path: String, bytes: Exact, file: String, line: Int) {
        self.date = date
        self.path = path
        self.bytes = bytes
        self.file = file
        self.line = line
    }
}

/// What is known about a directory: who pays, and the terms that differ from the rates' defaults.
public struct StorageDirectory: Sendable, Equatable {
    public var owner: ChargeOwner
    /// Further tags (end_date, reconciliation_end).
    public var tags: [ExtraTag]
    /// false: not billed (the legacy `active` flag).
    public var active: Bool
    public var freeBytes: Exact?
    public var subsidyPercent: Exact?
    public var dailyCredit: Exact?

    public init(owner: ChargeOwner, tags: [ExtraTag] = [], active: Bool = true, freeBytes: Exact? = nil,
                subsidyPercent: Exact? = nil, dailyCredit: Exact? = nil) {
        self.owner = owner
        self.tags = tags
        self.active = active
        self.freeBytes = freeBytes
        self.subsidyPercent = subsidyPercent
        self.dailyCredit = dailyCredit
    }

    /// The rates with this directory's own terms.
    func terms(_ rates: StorageRates) -> StorageRates {
        var r = rates
        if let freeBytes { r.freeBytes = freeBytes }
        if let subsidyPercent { r.subsidyPercent = subsidyPercent }
        if let dailyCredit { r.dailyCredit = dailyCredit }
        return r
    }
}

/// A directory path in one spelling: no trailing slash (`/ifs/research/lab/` is `/ifs/research/lab`).
enum StoragePath {
    static func normalized(_ path: String) -> String {
        var p = path.trimmedWhitespace
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    static func lastComponent(_ path: String) -> String {
        normalized(path).split(separator: "/").last.map(String.init) ?? normalized(path)
    }
}
