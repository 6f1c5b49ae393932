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

    package init(jobs: Int, limit: Int) {
        queue.maxConcurrentOperationCount = max(jobs, 1)
        slots = DispatchSemaphore(value: max(limit, 1))
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
                lock.withLock { if failure == nil { failure = error } }
            }
        }
    }

    /// Waits for every item; their results in the order they were submitted, or the first error.
    package func finish() throws -> [Result] {
        queue.waitUntilAllOperationsAreFinished()
        if let error = firstError { throw error }
        return lock.withLock { (0..<submitted).compactMap { results[$0] } }
    }

    /// Stops queuing and waits for what runs: after the reader failed, nothing may write on behind its back.
    package func abandon() {
        queue.cancelAllOperations()
        queue.waitUntilAllOperationsAreFinished()
    }

    private var firstError: Error? { lock.withLock { failure } }
}
