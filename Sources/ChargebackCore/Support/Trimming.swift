import Foundation

extension String {
    /// Trims whitespace and newlines. Ingest calls this for every tag of every
    /// row, so the common case (nothing to trim, checked on the UTF-8 bytes)
    /// returns at once; only values that start or end with whitespace or a
    /// non-ASCII byte take Foundation's Unicode-aware path.
    public var trimmedWhitespace: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x80 }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
