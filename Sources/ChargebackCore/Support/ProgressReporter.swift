import Foundation

/// Where a long step (build, generate, notify, ingest) says how far it got.
/// The libraries only call it; the executable decides how it shows (a bar on
/// a terminal, one line per phase otherwise, nothing in tests). Called from
/// any thread.
public protocol ProgressReporter: Sendable {
    /// A phase starts; `total` is 0 when unknown.
    func start(_ phase: String, verb: String, unit: PhaseProgress.Unit, total: Int64)
    /// `count` more done in the current phase.
    func advance(_ count: Int64)
    /// The current phase has `done` done in all (for a reader that knows its position).
    func update(done: Int64)
    /// The current phase ends.
    func finish()
}

/// Reports nowhere: the default of every library call.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func start(_ phase: String, verb: String, unit: PhaseProgress.Unit, total: Int64) {}
    public func advance(_ count: Int64) {}
    public func update(done: Int64) {}
    public func finish() {}
}

/// Shows progress through `write`, in one of two styles:
/// - `.bar`: the `PhaseProgress` line redrawn in place (`\r`, erase to the end of
///   the line) at most every `interval` seconds, and erased when the phase ends;
/// - `.summary`: nothing while it runs, one summary line when a phase ends.
///
/// The clock is injected (seconds, monotonic) so the throttling is tested
/// without waiting.
public final class ProgressDisplay: ProgressReporter, @unchecked Sendable {
    public enum Style: Sendable { case bar, summary }

    private let style: Style
    private let interval: Double
    private let clock: @Sendable () -> Double
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var current: PhaseProgress?
    private var started = 0.0
    private var lastDraw = -Double.infinity

    public init(style: Style, interval: Double = 0.1, clock: @escaping @Sendable () -> Double = ProgressDisplay.monotonicSeconds,
                write: @escaping @Sendable (String) -> Void) {
        self.style = style
        self.interval = interval
        self.clock = clock
        self.write = write
    }

    public func start(_ phase: String, verb: String, unit: PhaseProgress.Unit, total: Int64) {
        lock.withLock {
            if current != nil { end() }
            started = clock()
            lastDraw = -Double.infinity
            current = PhaseProgress(phase: phase, verb: verb, unit: unit, total: max(total, 0))
            draw(force: true)
        }
    }

    public func advance(_ count: Int64) {
        lock.withLock {
            current?.done += count
            draw(force: false)
        }
    }

    public func update(done: Int64) {
        lock.withLock {
            current?.done = done
            draw(force: false)
        }
    }

    public func finish() {
        lock.withLock { end() }
    }

    /// Under the lock.
    private func end() {
        guard var progress = current else { return }
        progress.elapsed = clock() - started
        current = nil
        switch style {
        case .bar: write("\r\u{1B}[K")
        case .summary: write(progress.summary() + "\n")
        }
    }

    /// Under the lock: a redraw when the last one is `interval` old.
    private func draw(force: Bool) {
        guard style == .bar, var progress = current else { return }
        let now = clock()
        guard force || now - lastDraw >= interval else { return }
        lastDraw = now
        progress.elapsed = now - started
        write("\r" + progress.line() + "\u{1B}[K")
    }

    /// Seconds from a monotonic clock (not the wall clock, which can jump).
    public static let monotonicSeconds: @Sendable () -> Double = {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
