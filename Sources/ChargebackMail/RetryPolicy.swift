import Foundation

/// How often and how patiently a transient failure is tried again:
/// `retries` more attempts after the first, waiting `initialDelay` seconds,
/// then twice as long each time (at most `maxDelay`). The waiting is a
/// closure so that tests do not sleep.
public struct RetryPolicy: Sendable {
    public var retries: Int
    public var initialDelay: Double
    public var maxDelay: Double
    public var sleep: @Sendable (Double) -> Void

    public init(retries: Int, initialDelay: Double = 2, maxDelay: Double = 60,
                sleep: @escaping @Sendable (Double) -> Void = RetryPolicy.sleepSeconds) {
        self.retries = max(0, retries)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// The delays before each retry, in order.
    public var delays: [Double] {
        (0..<retries).map { min(maxDelay, initialDelay * Double(1 << min($0, 30))) }
    }

    /// Runs `attempt` until it succeeds, fails permanently, or the retries
    /// are spent; returns the last result and how many attempts were made.
    public func run(_ attempt: () -> Result<Void, DeliveryFailure>) -> (result: Result<Void, DeliveryFailure>, attempts: Int) {
        var result = attempt()
        var attempts = 1
        for delay in delays {
            guard case .failure(let failure) = result, failure.isTransient else { break }
            sleep(delay)
            result = attempt()
            attempts += 1
        }
        return (result, attempts)
    }

    public static let sleepSeconds: @Sendable (Double) -> Void = { seconds in
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }
}
