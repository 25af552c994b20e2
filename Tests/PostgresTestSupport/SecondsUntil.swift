import Foundation

/// Seconds until `condition` holds, checked every `interval` for up to `limit`; nil if it
/// never did (how soon one node sees another's write).
public func secondsUntil(
    limit: Duration = .seconds(10), interval: Duration = .milliseconds(10), _ condition: () async throws -> Bool
) async throws -> Double? {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < limit {
        if try await condition() {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        try await Task.sleep(for: interval)
    }
    return nil
}
