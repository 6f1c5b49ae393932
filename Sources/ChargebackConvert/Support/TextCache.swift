#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The String of a run of bytes, made once for each distinct value: the same
/// accounts, partitions and states come back on most lines of an input, and
/// making (and UTF-8 checking) a String for each field of each line cost more
/// than looking it up. Fixed size (a direct-mapped table), so memory stays
/// flat whatever the number of distinct values; a collision just makes the
/// String again.
struct TextCache {
    private var hashes: [UInt64]
    private var strings: [String]
    private let mask: Int

    /// `slots`: a power of two.
    init(slots: Int = 4096) {
        precondition(slots > 0 && slots & (slots - 1) == 0)
        hashes = Array(repeating: 0, count: slots)
        strings = Array(repeating: "", count: slots)
        mask = slots - 1
    }

    /// The bytes decoded as UTF-8 (invalid sequences repaired, as `String(decoding:as:)`).
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        if hashes[slot] == hash, Self.equal(strings[slot], bytes) { return strings[slot] }
        let made = String(decoding: bytes, as: UTF8.self)
        hashes[slot] = hash
        strings[slot] = made
        return made
    }

    private static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }
}
