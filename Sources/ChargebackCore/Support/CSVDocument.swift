/// A CSV file being written: RFC 4180 (CRLF, quoted where needed) and
/// formula-safe, every cell through `CSVCell.escape`.
public struct CSVDocument: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Data rows written (the header not counted).
    public private(set) var rows = 0

    public init(header: [String]) {
        append(header)
    }

    public mutating func add(_ cells: [String]) {
        append(cells)
        rows += 1
    }

    /// Rows already escaped by another `CSVDocument` (its bytes without the header).
    public mutating func add(body: [UInt8], rows count: Int) {
        bytes += body
        rows += count
    }

    /// The rows without the header line, for `add(body:rows:)`.
    public var body: [UInt8] {
        guard let end = bytes.firstIndex(of: 0x0A) else { return [] }
        return Array(bytes[(end + 1)...])
    }

    private mutating func append(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += CSVCell.escape(cell).utf8
        }
        bytes += [0x0D, 0x0A]
    }
}
