/// One project's lines, stored compactly: each line's nine texts as indices
/// into the project's distinct texts, its amounts as nanos. A `Line` is made
/// when read. Hourly charges repeat their date, service, resource and
/// description, so a line costs 64 bytes here against 176 as a `Line`
/// (nine Strings): at 3,000,000 rows the lines were the build's largest
/// allocation, 37 MB at its peak (heaptrack, docs/PERFORMANCE.md).
public struct StatementLines: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// Amounts first, then the text indices, then the kind: 61 bytes, a stride of 64.
    private struct Packed {
        var list: Int64, contracted: Int64, billed: Int64
        var date: UInt32, source: UInt32, service: UInt32, resourceId: UInt32, resourceName: UInt32
        var description: UInt32, fundOrg: UInt32, accountCode: UInt32, reviewStatus: UInt32
        var kind: StatementReport.LineKind
    }

    private var packed: [Packed] = []
    private var texts = DistinctTexts()

    public init() {}

    public init(_ lines: some Sequence<StatementReport.Line>) {
        for line in lines { append(line) }
        seal()
    }

    public init(arrayLiteral lines: StatementReport.Line...) { self.init(lines) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packed.count }

    public subscript(index: Int) -> StatementReport.Line {
        let p = packed[index]
        return StatementReport.Line(
            date: texts[p.date], source: texts[p.source], service: texts[p.service],
            resourceId: texts[p.resourceId], resourceName: texts[p.resourceName], description: texts[p.description],
            fundOrg: texts[p.fundOrg], accountCode: texts[p.accountCode], reviewStatus: texts[p.reviewStatus], kind: p.kind,
            list: Money(nanos: p.list), contracted: Money(nanos: p.contracted), billed: Money(nanos: p.billed))
    }

    public mutating func append(_ line: StatementReport.Line) {
        packed.append(Packed(
            list: line.list.nanos, contracted: line.contracted.nanos, billed: line.billed.nanos,
            date: texts.index(of: line.date), source: texts.index(of: line.source), service: texts.index(of: line.service),
            resourceId: texts.index(of: line.resourceId), resourceName: texts.index(of: line.resourceName),
            description: texts.index(of: line.description), fundOrg: texts.index(of: line.fundOrg),
            accountCode: texts.index(of: line.accountCode), reviewStatus: texts.index(of: line.reviewStatus),
            kind: line.kind))
    }

    /// Done adding: a held project costs its lines only, not their growth room or the text lookup.
    public mutating func seal() {
        packed.trimCapacity()
        texts.seal()
    }
}
