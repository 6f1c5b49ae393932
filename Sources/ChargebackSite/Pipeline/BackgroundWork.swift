import ChargebackRender
import Foundation

/// Work started on a thread of its own, its result collected later: the
/// build keeps unchanged periods and reads a period's report this way while
/// its main thread does something else.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Set by the thread before `done` is signalled, read after it is waited for.
    private var result: Result<Value, any Error>?

    init(_ body: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            result = Result { try body() }
            done.signal()
        }.start()
    }

    /// Waits for the thread and returns its value or throws its error. Call once.
    func wait() throws -> Value {
        done.wait()
        guard let result else { throw SiteError.io(path: "", message: "background work ended without a result") }
        return try result.get()
    }
}
