import Foundation

/// A row ready for the ledger: mapped, flagged and identified.
struct PreparedCharge: Sendable {
    var draft: ChargeDraft
    var identity: IdentityBytes
    var content: ContentBytes
    var flagReason: String?
}

/// A batch of prepared rows, with the text columns of every row packed into
/// one buffer by the reading thread, so the writing thread binds them to
/// SQLite without copying or touching a single `String`.
struct PreparedBatch: Sendable {
    var charges: [PreparedCharge] = []
    /// UTF-8 of the text columns, row after row, in `ChargeDraft.forEachColumn` order.
    var text: [UInt8] = []
    /// Per row and text column: start in `text` and length (`UInt32.max`: NULL).
    var spans: [UInt32] = []

    static let textColumns = 18

    init(capacity: Int) {
        charges.reserveCapacity(capacity)
        text.reserveCapacity(capacity * 512)
        spans.reserveCapacity(capacity * Self.textColumns * 2)
    }

    var count: Int { charges.count }
    var isEmpty: Bool { charges.isEmpty }

    /// Takes `charge` over (moved, not copied: a copy retains and releases
    /// its ~20 strings, measured at 6 % of a narrow file's ingest).
    mutating func append(_ charge: consuming PreparedCharge) {
        charge.draft.forEachColumn(text: { value in
            guard var value else {
                spans.append(0)
                spans.append(UInt32.max)
                return
            }
            spans.append(UInt32(text.count))
            value.withUTF8 { text.append(contentsOf: $0) }
            spans.append(UInt32(text.count) - spans[spans.count - 1])
        }, int: { _ in })
        charges.append(charge)
    }

    /// The rows in place: `charges[i]` read through the buffer is borrowed,
    /// where `Array`'s subscript would copy the whole charge.
    func withCharges<R>(_ body: (UnsafeBufferPointer<PreparedCharge>) throws -> R) rethrows -> R {
        try charges.withUnsafeBufferPointer(body)
    }
}

/// A bounded hand-over between the thread that reads and prepares rows and
/// the one that writes them to SQLite: the two halves of ingest run on both
/// cores, and memory stays flat (at most `capacity` batches in flight).
final class PreparedChargeQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [PreparedBatch] = []
    /// Batches the writer is done with, freed by the producer: releasing a
    /// batch's strings is work better done on the thread that has slack.
    private var used: [PreparedBatch] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 16) { self.capacity = capacity }

    /// Consumer: hands a written batch back to be freed by the producer.
    func recycle(_ batch: PreparedBatch) {
        condition.lock()
        used.append(batch)
        condition.unlock()
    }

    /// Producer: blocks while the queue is full; false once the consumer cancelled.
    func put(_ batch: PreparedBatch) -> Bool {
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
    func take() -> PreparedBatch? {
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
}
