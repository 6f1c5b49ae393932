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

    /// The rows of another `CSVDocument`, already escaped (its header left out).
    public mutating func add(rowsOf other: CSVDocument) {
        bytes.append(contentsOf: other.rowBytes)
        rows += other.rows
    }

    /// The rows alone, already escaped (the header left out).
    public var rowBytes: ArraySlice<UInt8> { bytes[headerEnd...] }

    /// The bytes written so far, handed over and cleared: a large file is
    /// written in chunks (only the first chunk holds the header).
    public mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Where the first row starts (the header is always one line: header cells are plain names).
    private var headerEnd: Int { (bytes.firstIndex(of: 0x0A) ?? (bytes.count - 1)) + 1 }

    private mutating func append(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            CSVCell.append(cell, to: &bytes)
        }
        bytes += [0x0D, 0x0A]
    }
}
