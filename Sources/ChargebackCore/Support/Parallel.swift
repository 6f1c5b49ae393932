import Dispatch
import Foundation

/// Work spread over `jobs` threads: the pages of a build, the PDFs of `generate`.
package enum Parallel {
    /// Runs `body` for 0..<count on `jobs` threads; the first error wins.
    package static func forEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let next = Counter()
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: min(max(jobs, 1), max(count, 1))) { _ in
            while failure.error == nil {
                let i = next.take()
                guard i < count else { return }
                do { try body(i) } catch { failure.record(error) }
            }
        }
        if let error = failure.error { throw error }
    }

    /// `body` applied to 0..<count on `jobs` threads, results in order.
    package static func map<T: Sendable>(_ count: Int, jobs: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let results = Results<T>(count: count)
        try forEach(count, jobs: jobs) { i in results.set(i, try body(i)) }
        return results.values.compactMap { $0 }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take() -> Int { lock.withLock { defer { value += 1 }; return value } }
}

private final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }
    var values: [T?] { lock.withLock { slots } }
}

private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?
    var error: Error? { lock.withLock { first } }
    func record(_ e: Error) { lock.withLock { if first == nil { first = e } } }
}
