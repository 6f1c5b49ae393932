import Dispatch
import Foundation

/// Work handed to `jobs` threads as it is read, in order, with at most
/// `limit` items waiting or running: the reader goes on reading while the
/// threads render, and no thread waits for another at a batch's end.
///
/// `Parallel.forEach` per batch of statements was a barrier: in a 1M-row
/// period one project's PDF took ~40 s on one thread while the other thread
/// sat idle until it was done (`scripts/bench scale`, docs/PERFORMANCE.md).
/// Memory stays bounded by `limit` items (plus what the reader holds).
package final class WorkQueue<Result: Sendable>: @unchecked Sendable {
    private let queue = OperationQueue()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var results: [Int: Result] = [:]
    private var submitted = 0
    private var failure: Error?

    private init(jobs: Int, limit: Int) {
        queue.maxConcurrentOperationCount = max(jobs, 1)
        slots = DispatchSemaphore(value: max(limit, 1))
    }

    /// Runs `feed`, which reads and submits the work, then waits for all of
    /// it: the results in the order they were submitted, or the first error.
    /// If `feed` throws, nothing more starts and what runs is waited for:
    /// nothing may write on behind a failed reader's back.
    package static func run(jobs: Int, limit: Int, _ feed: (WorkQueue) throws -> Void) throws -> [Result] {
        let work = WorkQueue(jobs: jobs, limit: limit)
        do {
            try feed(work)
        } catch {
            // Recorded, so queued items return at once; not cancelled: a cancelled
            // operation never runs, never frees its slot, and libdispatch traps when
            // a semaphore is freed below its starting value.
            work.record(error)
            work.queue.waitUntilAllOperationsAreFinished()
            throw error
        }
        return try work.finish()
    }

    /// Queues `work`, waiting while `limit` items are in flight; throws the
    /// first error any item has thrown so far (nothing more is queued then).
    package func submit(_ work: @escaping @Sendable () throws -> Result) throws {
        if let error = firstError { throw error }
        slots.wait()
        let index = submitted
        submitted += 1
        queue.addOperation { [self] in
            defer { slots.signal() }
            guard firstError == nil else { return }
            do {
                let result = try work()
                lock.withLock { results[index] = result }
            } catch {
                record(error)
            }
        }
    }

    /// Waits for every item; their results in the order they were submitted, or the first error.
    private func finish() throws -> [Result] {
        queue.waitUntilAllOperationsAreFinished()
        if let error = firstError { throw error }
        return lock.withLock { (0..<submitted).compactMap { results[$0] } }
    }

    private var firstError: Error? { lock.withLock { failure } }

    private func record(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
    }
}
