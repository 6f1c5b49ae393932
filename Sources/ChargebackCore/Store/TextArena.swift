/// One buffer that holds the text of a multi-row INSERT while it runs, so
/// the strings can be bound with SQLITE_STATIC: binding with
/// SQLITE_TRANSIENT makes SQLite allocate and copy every one of the ~20
/// strings of each of a million rows.
///
/// Usage: `reserve` the total bytes first (the buffer never moves while
/// values are bound), `store` each string, run the statement, `reset`.
final class TextArena {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `bytes` more bytes. Only call with no values bound.
    func reserve(_ bytes: Int) {
        guard used + bytes > capacity else { return }
        var newCapacity = capacity
        while used + bytes > newCapacity { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    /// Copies the string's UTF-8 in; the pointer stays valid until `reset`.
    func store(_ value: String) -> UnsafeBufferPointer<UInt8> {
        var copy = value
        return copy.withUTF8 { bytes in
            precondition(used + bytes.count <= capacity, "TextArena: reserve() was not called for this text")
            let start = base + used
            if let source = bytes.baseAddress { start.update(from: source, count: bytes.count) }
            used += bytes.count
            return UnsafeBufferPointer(start: start, count: bytes.count)
        }
    }

    func reset() { used = 0 }
}
