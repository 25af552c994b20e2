import Synchronization

/// Counts the requests each client address has in flight and refuses one past the
/// limit, so one client cannot take every worker from the others.
final class ClientConcurrencyLimiter: Sendable {
    let limit: Int
    private let inFlight = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `client`; false when it already has `limit` requests in flight.
    func enter(_ client: String) -> Bool {
        inFlight.withLock { inFlight in
            let count = inFlight[client, default: 0]
            guard count < limit else { return false }
            inFlight[client] = count + 1
            return true
        }
    }

    /// Gives back a slot ``enter(_:)`` took.
    func leave(_ client: String) {
        inFlight.withLock { inFlight in
            let count = inFlight[client, default: 1] - 1
            inFlight[client] = count > 0 ? count : nil
        }
    }
}
