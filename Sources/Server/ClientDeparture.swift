import Foundation

/// Whether a connection's client has gone, and what to do when it goes: a request
/// registers an action for the time its work runs and removes it afterwards.
final class ClientDeparture: @unchecked Sendable {
    // @unchecked: every field is only read and written under `lock`.
    private let lock = NSLock()
    private var departed = false
    private var actions: [Int: @Sendable () -> Void] = [:]
    private var nextKey = 0

    /// Runs `action` when the client leaves (now, if it has); returns the key that
    /// ``remove(_:)`` takes.
    func onDeparture(_ action: @escaping @Sendable () -> Void) -> Int {
        let (key, gone) = lock.withLock {
            nextKey += 1
            if !departed { actions[nextKey] = action }
            return (nextKey, departed)
        }
        if gone { action() }
        return key
    }

    /// Forgets the action registered under `key`.
    func remove(_ key: Int) {
        _ = lock.withLock { actions.removeValue(forKey: key) }
    }

    /// The client left: runs every registered action once.
    func depart() {
        let due = lock.withLock {
            departed = true
            defer { actions = [:] }
            return Array(actions.values)
        }
        due.forEach { $0() }
    }
}
