@testable import ChargebackCore
import Foundation
import Testing

/// The queue `build` and `generate` render statements on.
@Suite struct WorkQueueTests {
    private final class InFlight: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0
        func enter() { lock.withLock { now += 1; most = max(most, now) } }
        func leave() { lock.withLock { now -= 1 } }
    }

    private struct Refused: Error, Equatable { let item: Int }

    @Test func resultsComeBackInTheOrderTheyWereQueued() throws {
        let work = WorkQueue<Int>(jobs: 3, limit: 4)
        for i in 0..<200 {
            // Uneven work, so items finish out of order.
            try work.submit { (0..<((200 - i) * 40)).reduce(i) { $0 &+ $1 &* 0 } }
        }
        #expect(try work.finish() == Array(0..<200))
    }

    @Test func noMoreThanTheLimitIsInFlight() throws {
        let inFlight = InFlight()
        let work = WorkQueue<Void>(jobs: 4, limit: 3)
        for _ in 0..<300 {
            try work.submit {
                inFlight.enter()
                defer { inFlight.leave() }
                _ = (0..<200).reduce(0, &+)
            }
        }
        _ = try work.finish()
        #expect(inFlight.most <= 3)
        #expect(inFlight.most >= 1)
    }

    @Test func theFirstErrorStopsTheQueueAndIsThrown() throws {
        let work = WorkQueue<Int>(jobs: 1, limit: 1)
        var refusedAt: Int?
        do {
            for i in 0..<100 {
                try work.submit {
                    if i == 5 { throw Refused(item: i) }
                    return i
                }
            }
        } catch let error as Refused {
            refusedAt = error.item
        }
        // With one job and one slot, item 5 has failed before item 7 is queued.
        #expect(refusedAt == 5)
        #expect(throws: Refused(item: 5)) { try work.finish() }
    }
}
