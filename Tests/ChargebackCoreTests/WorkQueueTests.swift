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
        var running: Int { lock.withLock { now } }
    }

    private struct Refused: Error, Equatable { let item: Int }

    @Test func resultsComeBackInTheOrderTheyWereQueued() throws {
        let results = try WorkQueue<Int>.run(jobs: 3, limit: 4) { work in
            for i in 0..<200 {
                // Uneven work, so items finish out of order.
                try work.submit { (0..<((200 - i) * 40)).reduce(i) { $0 &+ $1 &* 0 } }
            }
        }
        #expect(results == Array(0..<200))
    }

    @Test func noMoreThanTheLimitIsInFlight() throws {
        let inFlight = InFlight()
        _ = try WorkQueue<Void>.run(jobs: 4, limit: 3) { work in
            for _ in 0..<300 {
                try work.submit {
                    inFlight.enter()
                    defer { inFlight.leave() }
                    _ = (0..<200).reduce(0, &+)
                }
            }
        }
        #expect(inFlight.most <= 3)
        #expect(inFlight.most >= 1)
    }

    @Test func theFirstErrorStopsTheQueueAndIsThrown() {
        var queued = 0
        // With one job and one slot, item 5 has failed before item 7 is queued: item 6 waits for the
        // slot item 5 frees after failing, or (item 5 failing first) is not queued at all.
        #expect(throws: Refused(item: 5)) {
            try WorkQueue<Int>.run(jobs: 1, limit: 1) { work in
                for i in 0..<100 {
                    try work.submit {
                        if i == 5 { throw Refused(item: i) }
                        return i
                    }
                    queued += 1
                }
            }
        }
        #expect((6...7).contains(queued), "queued \(queued)")
    }

    /// The reader failing (a database error mid-period): queued items are not started, running ones are
    /// waited for, and the queue is torn down cleanly (a cancelled item once left a semaphore short: a trap).
    @Test func aFailingReaderStopsTheRestAndWaitsForWhatRuns() {
        struct ReaderFailed: Error, Equatable {}
        let inFlight = InFlight()
        let done = InFlight()
        for _ in 0..<20 {
            #expect(throws: ReaderFailed()) {
                _ = try WorkQueue<Void>.run(jobs: 2, limit: 8) { work in
                    for _ in 0..<8 {
                        try work.submit {
                            inFlight.enter()
                            defer { inFlight.leave(); done.enter() }
                            _ = (0..<2_000).reduce(0, &+)
                        }
                    }
                    throw ReaderFailed()
                }
            }
            #expect(inFlight.running == 0, "nothing runs on after run() returned")
        }
        #expect(done.most <= 20 * 8)
    }
}
