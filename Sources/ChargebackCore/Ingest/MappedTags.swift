/// The billing fields of one row, read from its tags with `tag_mapping`.
///
/// A mapped key is matched leniently: surrounding whitespace ignored, letters
/// compared case-insensitively (`"PI_Email "` is `pi_email`). Every tag whose
/// key matches counts, so a field can be given twice, by two spellings of its
/// key or by the same key written twice. That is fine while the values agree
/// (compared after trimming; an empty value counts as absent). When they
/// differ the field is left empty and `conflict` names it: the charge is held
/// for review (`tag_conflict:<field>`), never billed on a guess. Tags whose
/// keys match no mapped field are ignored, whatever they collide with.
struct MappedTags: Equatable, Sendable {
    var piEmail: String?
    var projectId: String?
    var fundOrg: String?
    var costCenter: String?
    var accountCode: String?
    var reference1: String?
    var reference2: String?
    /// The `tag_mapping` setting of the first field (in the order above) whose tags disagree.
    var conflict: String?

    /// A field by its position in `TagKeyMatcher.settings` (no array per row).
    subscript(field: Int) -> String? {
        get {
            switch field {
            case 0: piEmail
            case 1: projectId
            case 2: fundOrg
            case 3: costCenter
            case 4: accountCode
            case 5: reference1
            default: reference2
            }
        }
        set {
            switch field {
            case 0: piEmail = newValue
            case 1: projectId = newValue
            case 2: fundOrg = newValue
            case 3: costCenter = newValue
            case 4: accountCode = newValue
            case 5: reference1 = newValue
            default: reference2 = newValue
            }
        }
    }
}

/// `tag_mapping`'s keys, folded once so matching a row's tags costs a few
/// byte comparisons per tag (this runs for every row).
struct TagKeyMatcher: Sendable {
    /// In `MappedTags` order: the setting's name (for the flag reason) and its key.
    static let settings = ["pi_email", "project_id", "fund_org", "cost_center", "account_code", "reference_1", "reference_2"]

    private struct Key: Sendable {
        var folded: [UInt8]  // trimmed, ASCII letters lowercased
        var unicode: String?  // trimmed and lowercased, when the key is not ASCII
    }
    private let keys: [Key]
    private let hasUnicodeKeys: Bool

    init(_ mapping: TagMapping) {
        let names = [mapping.piEmail, mapping.projectId, mapping.fundOrg, mapping.costCenter, mapping.accountCode,
                     mapping.reference1, mapping.reference2]
        keys = names.map { name in
            let trimmed = name.trimmedWhitespace
            return Key(folded: trimmed.utf8.map(Self.foldASCII),
                       unicode: trimmed.utf8.allSatisfy { $0 < 0x80 } ? nil : trimmed.lowercased())
        }
        hasUnicodeKeys = keys.contains { $0.unicode != nil }
    }

    func resolve(_ tags: FocusTags) -> MappedTags {
        var result = MappedTags()
        var conflicting = 0  // a bit per field
        for tag in tags.tags {
            let matched = fields(matching: tag.key)
            if matched == 0 { continue }
            let value = tag.value.trimmedWhitespace
            if value.isEmpty { continue }
            for field in 0..<keys.count where matched & (1 << field) != 0 {
                if let known = result[field] {
                    if known != value { conflicting |= 1 << field }
                } else {
                    result[field] = value
                }
            }
        }
        if conflicting != 0 {
            for field in 0..<keys.count where conflicting & (1 << field) != 0 { result[field] = nil }
            result.conflict = Self.settings[conflicting.trailingZeroBitCount]
        }
        return result
    }

    /// A bit per mapped field whose key `tagKey` is, up to surrounding
    /// whitespace and letter case. ASCII keys (the usual case) are compared
    /// byte by byte; a non-ASCII key by its Unicode lowercase.
    private func fields(matching tagKey: String) -> Int {
        var tagKey = tagKey
        var asciiKey = true
        var matched = tagKey.withUTF8 { b -> Int in
            var s = 0
            var e = b.count
            while s < e, Self.isSpace(b[s]) { s += 1 }
            while e > s, Self.isSpace(b[e - 1]) { e -= 1 }
            for k in s..<e where b[k] >= 0x80 {
                asciiKey = false
                return 0
            }
            var m = 0
            // An empty key (tag_mapping.reference_1: "") is a field not mapped: no tag matches it.
            guard e > s else { return 0 }
            for field in keys.indices where keys[field].unicode == nil && keys[field].folded.count == e - s {
                var same = true
                keys[field].folded.withUnsafeBufferPointer { name in
                    for k in 0..<name.count where Self.foldASCII(b[s + k]) != name[k] {
                        same = false
                        break
                    }
                }
                if same { m |= 1 << field }
            }
            return m
        }
        if asciiKey && !hasUnicodeKeys { return matched }
        let lowered = tagKey.trimmedWhitespace.lowercased()
        if lowered.isEmpty { return 0 }
        for field in keys.indices where !asciiKey || keys[field].unicode != nil {
            let key = keys[field]
            if lowered == (key.unicode ?? String(decoding: key.folded, as: UTF8.self)) { matched |= 1 << field }
        }
        return matched
    }

    private static func foldASCII(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
}

/// Remembers the fields of recent Tags objects. `CellCache` hands out the same
/// `FocusTags` for a repeated cell, so an entry is found by that object's
/// storage; the entry keeps the object alive, so its address cannot be
/// reused by another while it is remembered. Direct-mapped and fixed-size,
/// like `CellCache`: memory stays flat. Measured with callgrind on 50,000
/// generated rows (docs/PERFORMANCE.md): resolving every row cost ~2,900
/// instructions a row, +1.7 % for the whole ingest; remembered, ingest costs
/// what it did before tags were matched leniently.
struct MappedTagsMemo {
    private var entries: [(tags: FocusTags, mapped: MappedTags)?]

    /// `slots` rounded up to a power of two; 0 disables remembering.
    init(slots: Int = 1 << 12) {
        var count = slots > 0 ? 1 : 0
        while count > 0 && count < slots { count <<= 1 }
        entries = Array(repeating: nil, count: count)
    }

    mutating func resolve(_ tags: FocusTags, with keys: TagKeyMatcher) -> MappedTags {
        guard !entries.isEmpty else { return keys.resolve(tags) }
        let id = Self.storage(of: tags)
        let slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: id)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & (entries.count - 1)
        if let entry = entries[slot], Self.storage(of: entry.tags) == id { return entry.mapped }
        let mapped = keys.resolve(tags)
        entries[slot] = (tags, mapped)
        return mapped
    }

    /// The address of the pairs' storage (shared by copies of one parsed cell).
    private static func storage(of tags: FocusTags) -> Int {
        tags.tags.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    }
}
