/// Distinct texts, each stored once and named by a 4-byte index: the
/// compact row stores (`StatementLines`, `PendingCharges`) keep indices
/// where a row would keep Strings, since a period's rows repeat their
/// source, service, resource and PI many times over.
struct DistinctTexts: Sendable {
    /// The index of "no text" (a NULL column).
    static let none = UInt32.max

    private var texts: [String] = []
    /// Each text's index while rows are added; emptied by `seal()`.
    private var lookup: [String: UInt32] = [:]

    subscript(index: UInt32) -> String { texts[Int(index)] }

    subscript(optional index: UInt32) -> String? { index == Self.none ? nil : texts[Int(index)] }

    mutating func index(of value: String) -> UInt32 {
        if lookup.isEmpty, !texts.isEmpty {
            // Adding again after `seal()`.
            for (index, text) in texts.enumerated() { lookup[text] = UInt32(index) }
        }
        if let known = lookup[value] { return known }
        let index = UInt32(texts.count)
        texts.append(value)
        lookup[value] = index
        return index
    }

    mutating func index(of value: String?) -> UInt32 { value.map { index(of: $0) } ?? Self.none }

    /// Done adding: lets the lookup go and gives back the array's growth room.
    mutating func seal() {
        lookup = [:]
        texts.trimCapacity()
    }
}

extension Array {
    /// Copies the array into storage of its exact size when more than an
    /// eighth of its capacity is growth room (appending doubles it).
    mutating func trimCapacity() {
        guard capacity > count + count / 8 else { return }
        self = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = buffer.initialize(fromContentsOf: self)
            initialized = count
        }
    }
}
