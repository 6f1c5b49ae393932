import ChargebackCore

/// One line of `sacct --parsable2` output, split at its `|` once, with typed
/// reads of its fields straight from the bytes. A month of a large cluster is
/// millions of lines: making a String of every field, and matching field
/// names per field, took 65 % of `convert slurm` (perf, 1M jobs), so numbers,
/// times and job ids are read here without one; only text that is kept
/// (account, partition, cluster, user, state, job id) becomes a String.
/// Anything unusual (non-ASCII padding, a local time) goes the String way, so
/// what is accepted is exactly what `SacctReader.time` and `Int64(_:)` accept.
struct SacctFields {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// cuts[i] is where field i starts; cuts[count] is one past the line's end
    /// (the reader's array, shared: no copy while this line is read).
    private let cuts: [Int]
    let count: Int

    /// Valid while `bytes` is (one line's parse).
    init(_ bytes: UnsafeBufferPointer<UInt8>, cuts storage: inout [Int]) {
        storage.removeAll(keepingCapacity: true)
        storage.append(0)
        // (One pass over the line: its fields are a few bytes each.)
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "|") { storage.append(i + 1) }
        storage.append(bytes.count + 1)
        self.bytes = bytes
        count = storage.count - 1
        cuts = storage
    }

    /// The field's bytes, ASCII blanks around it left out.
    func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        var from = cuts[i], to = cuts[i + 1] - 1
        while from < to, Self.isBlank(bytes[from]) { from += 1 }
        while to > from, Self.isBlank(bytes[to - 1]) { to -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[from..<to])
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0B || b == 0x0C }

    /// The field as text, trimmed as `trimmedWhitespace` trims.
    func string(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[cuts[i]..<(cuts[i + 1] - 1)]), as: UTF8.self).trimmedWhitespace
    }

    /// The field as text, as `string(_:)`, from `cache` when it has been seen before.
    func text(_ i: Int, cache: inout TextCache) -> String {
        let b = raw(i)
        guard let first = b.first, let last = b.last, first < 0x80, last < 0x80 else { return string(i) }
        return cache.string(b)
    }

    func contains(_ byte: UInt8, in i: Int) -> Bool { raw(i).contains(byte) }

    /// A whole number, as `Int64(_:)` reads the trimmed text (an optional sign, digits).
    func integer(_ i: Int) -> Int64? {
        let b = raw(i)
        var at = 0
        var negative = false
        if let first = b.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            at = 1
        }
        guard at < b.count else { return b.isEmpty ? Int64(string(i)) : nil }
        var value: Int64 = 0
        while at < b.count {
            let digit = b[at] &- UInt8(ascii: "0")
            guard digit < 10 else { return Int64(string(i)) }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = next
            at += 1
        }
        return value
    }

    /// A Start or End cell, as `SacctReader.time` reads it: epoch seconds (what
    /// `convert slurm` asks sacct for) here, anything else there.
    func time(_ i: Int) -> SacctTime?? {
        let b = raw(i)
        if !b.isEmpty, b.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
            return integer(i).map { .some(.epoch($0)) } ?? nil
        }
        return SacctReader.time(string(i))
    }

    /// The state's first word, upper case, without a trailing `+` ("CANCELLED by 1234" is CANCELLED); nil when empty.
    func state(_ i: Int, cache: inout TextCache) -> String? {
        let b = raw(i)
        let word = UnsafeBufferPointer(rebasing: b[..<(b.firstIndex(of: UInt8(ascii: " ")) ?? b.endIndex)])
        if !word.isEmpty, word.allSatisfy({ ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 == UInt8(ascii: "_") }) {
            return cache.string(word)
        }
        return Self.stateWord(string(i))
    }

    private static func stateWord(_ text: String) -> String? {
        guard let first = text.split(separator: " ").first else { return nil }
        var state = first.uppercased()
        while state.hasSuffix("+") { state.removeLast() }
        return state
    }
}

