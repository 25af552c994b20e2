import Foundation
import Synchronization

/// Counts each client's failed bearer tokens per minute and refuses its requests for the
/// rest of the minute once it passes the limit, so a token cannot be guessed at
/// thousands of tries a second. Clients are tracked in a bounded table (the oldest
/// windows are dropped first), so a flood of addresses cannot grow it without end.
final class AuthFailureThrottle: Sendable {
    let limit: Int
    private let window: Duration = .seconds(60)
    private let maxClients = 10_000
    /// Each client's current window: when it started and the failures in it.
    private let windows = Mutex<[String: (start: ContinuousClock.Instant, failures: Int)]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Seconds until `client` may try again; nil when it may now.
    func blocked(_ client: String) -> Int? {
        windows.withLock { windows in
            guard let entry = windows[client], entry.failures >= limit else { return nil }
            let left = entry.start + window - ContinuousClock.now
            guard left > .zero else { return nil }
            return max(1, Int(left.components.seconds) + 1)
        }
    }

    /// Records a failed token from `client`; returns its failures in the current window.
    @discardableResult
    func fail(_ client: String) -> Int {
        windows.withLock { windows in
            let now = ContinuousClock.now
            var entry = windows[client] ?? (start: now, failures: 0)
            if now - entry.start >= window { entry = (start: now, failures: 0) }
            entry.failures += 1
            windows[client] = entry
            if windows.count > maxClients {
                windows = windows.filter { now - $0.value.start < window }
                while windows.count > maxClients, let oldest = windows.min(by: { $0.value.start < $1.value.start }) {
                    windows[oldest.key] = nil
                }
            }
            return entry.failures
        }
    }
}
