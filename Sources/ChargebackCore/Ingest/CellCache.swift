import Foundation

/// Remembers recently decoded cells by their bytes, so a value that repeats
/// (the same service, description, resource or Tags object on many rows) is
/// decoded once and then shared: no UTF-8 check, no copy, no allocation, no
/// JSON parse. A hit needs the bytes to be identical to the cell that made
/// the entry, so the result is the one decoding would give.
///
/// Direct-mapped and fixed-size: a new value replaces whatever was in its
/// slot, so memory stays flat however many distinct values a file has. Cells
/// of up to 15 bytes are not cached: Swift keeps them inline without
/// allocating, and decoding them is cheaper than looking them up.
struct CellCache {
    private var texts: [String?]
    private var tags: [FocusTags?]

    /// `slots` per table, rounded up to a power of two; 0 disables caching.
    init(textSlots: Int = 1 << 14, tagSlots: Int = 1 << 13) {
        texts = textSlots > 0 ? Array(repeating: nil, count: Self.powerOfTwo(textSlots)) : []
        tags = tagSlots > 0 ? Array(repeating: nil, count: Self.powerOfTwo(tagSlots)) : []
    }

    /// The text of `bytes`, or nil if they are not valid UTF-8.
    mutating func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count > 15, !texts.isEmpty else { return Self.decode(bytes) }
        let slot = Self.slot(bytes, texts.count)
        if let known = texts[slot], Self.same(known, bytes) { return known }
        guard let text = Self.decode(bytes) else { return nil }
        texts[slot] = text
        return text
    }

    /// The Tags object of `bytes`, parsed.
    mutating func tags(_ bytes: UnsafeRawBufferPointer) throws(FocusTags.ParseError) -> FocusTags {
        guard bytes.count > 15, !tags.isEmpty else { return try FocusTags.parse(bytes) }
        let slot = Self.slot(bytes, tags.count)
        if let known = tags[slot], Self.same(known.raw, bytes) { return known }
        let parsed = try FocusTags.parse(bytes)
        tags[slot] = parsed
        return parsed
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer) -> String? {
        UTF8Check.isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether `text` is exactly `bytes`.
    private static func same(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard utf8.count == bytes.count, let a = utf8.baseAddress, let b = bytes.baseAddress else { return false }
            return memcmp(a, b, bytes.count) == 0
        } ?? false
    }

    /// A slot from the length and three 8-byte windows (start, middle, end):
    /// values that share a long prefix (resource ARNs) differ at the end.
    /// Needs at least 8 bytes.
    private static func slot(_ bytes: UnsafeRawBufferPointer, _ count: Int) -> Int {
        let n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        func mix(_ offset: Int) {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        mix(0)
        mix(n / 2 - 4)
        mix(n - 8)
        return Int(truncatingIfNeeded: h >> 32) & (count - 1)
    }

    private static func powerOfTwo(_ n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }
}
