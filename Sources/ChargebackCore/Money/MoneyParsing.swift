/// Parses decimal text into exact `Money`, without ever going through floating point.
///
/// Accepts what billing exports write: an optional sign, digits with an
/// optional fraction (`12`, `-0.5`, `.25`, `1234.567890123`) and scientific
/// notation (`1.5E-7`, `2e3`). Digits beyond the ninth decimal place are
/// rounded half-to-even into the ninth (the documented storage precision).
/// Thousands separators, currency symbols and spaces are rejected: an export
/// that writes them is malformed, and guessing would risk a wrong amount.
extension Money {
    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case invalid
        case outOfRange
    }

    public init(parsing text: String) throws(ParseError) {
        var text = text
        let result: Result<Money, ParseError> = text.withUTF8 { buffer in
            Result { () throws(ParseError) -> Money in try Money.parse(UnsafeRawBufferPointer(buffer)) }
        }
        self = try result.get()
    }

    /// Parses the bytes of one CSV field (no allocation: the ingest hot path).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> Money {
        var i = 0
        let n = bytes.count
        if n == 0 { throw .empty }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if bytes[0] == UInt8(ascii: "+") { i = 1 }

        // Collect up to 38 significant digits into an Int128 mantissa, counting
        // how many were fraction digits; remember whether anything non-zero was
        // dropped past that so rounding stays honest.
        var mantissa: Int128 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var droppedNonZero = false
        var droppedDigitCount = 0  // integer digits that did not fit (scale up later)
        while i < n {
            let c = bytes[i]
            if c >= 48 && c <= 57 {
                sawDigit = true
                if digits < 36 {
                    if mantissa != 0 || c != 48 { digits += 1 }
                    mantissa = mantissa * 10 + Int128(c - 48)
                    if sawPoint { fractionDigits += 1 }
                } else if sawPoint {
                    if c != 48 { droppedNonZero = true }
                } else {
                    droppedDigitCount += 1
                }
                i += 1
            } else if c == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
                i += 1
            } else {
                break
            }
        }
        if !sawDigit { throw .invalid }
        var exponent = 0
        if i < n {
            let c = bytes[i]
            guard c == UInt8(ascii: "e") || c == UInt8(ascii: "E") else { throw .invalid }
            i += 1
            var expNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExpDigit = false
            while i < n, bytes[i] >= 48, bytes[i] <= 57 {
                sawExpDigit = true
                exponent = exponent * 10 + Int(bytes[i] - 48)
                if exponent > 400 { throw .outOfRange }
                i += 1
            }
            if !sawExpDigit || i != n { throw .invalid }
            if expNegative { exponent = -exponent }
        }
        if droppedDigitCount > 0 { throw .outOfRange }

        // value = mantissa × 10^(exponent − fractionDigits); we want nanos = value × 10^9.
        let shift = exponent - fractionDigits + Money.fractionDigits
        var nanos: Int128
        if shift >= 0 {
            if mantissa == 0 { nanos = 0 } else {
                if shift > 20 { throw .outOfRange }
                nanos = mantissa
                for _ in 0..<shift {
                    let (v, o) = nanos.multipliedReportingOverflow(by: 10)
                    if o { throw .outOfRange }
                    nanos = v
                }
            }
        } else {
            let down = -shift
            if down > 38 {
                nanos = 0
                if mantissa != 0 { droppedNonZero = true }
                // |value| < 10^-9 / 10^... rounds to zero under half-even.
            } else {
                var divisor: Int128 = 1
                for _ in 0..<down { divisor *= 10 }
                let q = mantissa / divisor
                let r = mantissa % divisor
                let twice = r * 2
                nanos = q
                if twice > divisor || (twice == divisor && (droppedNonZero || q % 2 == 1)) {
                    nanos += 1
                }
            }
        }
        if negative { nanos = -nanos }
        guard let exact = Int64(exactly: nanos) else { throw .outOfRange }
        return Money(nanos: exact)
    }
}
