import Foundation
import Testing
@testable import ChargebackPDF

@Suite struct DeterminismTests {
    @Test func sameInputSameBytes() throws {
        let first = try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info(isDraft: true))
        let second = try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info(isDraft: true))
        #expect(first == second)
        #expect(first.starts(with: Array("%PDF-".utf8)))
        let other = try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info(isDraft: false))
        #expect(first != other)
    }

    /// Handed over as cairo writes it (to a file, in the build and `generate`): the same bytes, in several pieces.
    @Test func aPDFWrittenInPiecesIsThePDF() throws {
        let blocks = SampleStatements.statement + SampleStatements.longTable(rows: 600)
        let info = SampleStatements.info(isDraft: true)
        var pieces: [[UInt8]] = []
        try PDFStatement.render(blocks, info: info) { pieces.append(Array($0)) }
        #expect(pieces.count > 5)
        #expect(Array(pieces.joined()) == (try PDFStatement.render(blocks, info: info)))
    }

    @Test func concurrentRendersMatchTheSerialOne() throws {
        let blocks = SampleStatements.statement + SampleStatements.longTable(rows: 60)
        let info = SampleStatements.info(isDraft: true)
        let serial = try PDFStatement.render(blocks, info: info)
        let results = ConcurrentResults(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            // Several renders per thread: the thread's font map is reused.
            for _ in 0..<3 {
                results.set(index, Result { try PDFStatement.render(blocks, info: info) })
            }
        }
        for result in results.all {
            #expect(try result?.get() == serial)
        }
    }
}

/// Results written from several threads.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[UInt8], Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<[UInt8], Error>) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
    }

    var all: [Result<[UInt8], Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
