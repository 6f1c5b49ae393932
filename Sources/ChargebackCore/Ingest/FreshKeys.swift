import Foundation

/// (identity, charge id) pairs of newly inserted charges, packed flat:
/// 28 bytes a row, so a million fresh rows cost 28 MB rather than a million
/// small arrays. `ChargeWriter` keys them in identity order when a file is done.
struct FreshKeys {
    private static let width = 28
    private var bytes: [UInt8] = []
    var count: Int { bytes.count / Self.width }

    mutating func append(identity: UnsafeRawBufferPointer, chargeID: Int64) {
        bytes.append(contentsOf: identity.prefix(20))
        bytes.append(contentsOf: repeatElement(0, count: max(0, 20 - identity.count)))
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: chargeID >> Int64(shift))) }
    }

    /// Calls `body` for each pair in identity order.
    func forEachSorted(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        let width = Self.width
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Sort on the first 8 bytes as an integer, the rest only on ties.
            var order: [(prefix: UInt64, index: Int32)] = (0..<count).map { i in
                let row = base + i * width
                var prefix: UInt64 = 0
                for k in 0..<8 { prefix = prefix << 8 | UInt64(row[k]) }
                return (prefix, Int32(i))
            }
            order.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                return memcmp(base + Int(a.index) * width + 8, base + Int(b.index) * width + 8, 12) < 0
            }
            for entry in order {
                let row = base + Int(entry.index) * width
                var id: Int64 = 0
                for k in 0..<8 { id |= Int64(row[20 + k]) << Int64(8 * k) }
                try body(UnsafeRawBufferPointer(start: row, count: 20), id)
            }
        }
    }
}
