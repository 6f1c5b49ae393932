import Foundation

/// A row ready for the ledger: mapped, flagged and identified.
struct PreparedCharge: Sendable {
    var draft: ChargeDraft
    var identity: [UInt8]
    var content: [UInt8]
    var flagReason: String?
}

/// A bounded hand-over between the thread that reads and prepares rows and
/// the one that writes them to SQLite: the two halves of ingest run on both
/// cores, and memory stays flat (at most `capacity` batches in flight).
final class PreparedChargeQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[PreparedCharge]] = []
    /// Batches the writer is done with, freed by the producer: releasing a
    /// batch's strings is work better done on the thread that has slack.
    private var used: [[PreparedCharge]] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 4) { self.capacity = capacity }

    /// Consumer: hands a written batch back to be freed by the producer.
    func recycle(_ batch: [PreparedCharge]) {
        condition.lock()
        used.append(batch)
        condition.unlock()
    }

    /// Producer: blocks while the queue is full; false once the consumer cancelled.
    func put(_ batch: [PreparedCharge]) -> Bool {
        condition.lock()
        let spent = used
        used = []
        condition.unlock()
        _ = spent  // released here, on the producer's thread
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: no more batches.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch, or nil when the producer finished.
    func take() -> [PreparedCharge]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Consumer: stop the producer (a write failed).
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}
