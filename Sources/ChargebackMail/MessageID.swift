/// A unique Message-ID: 128 random bits in hex at the sender's domain.
public enum MessageID {
    public static func make(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ -> String in
            let s = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
        return hex + "@" + (domain.isEmpty ? "localhost" : domain)
    }
}
