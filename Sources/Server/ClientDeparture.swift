import Synchronization

/// Whether a connection's client has gone, and what to do when it goes: a request
/// registers an action for the time its work runs and removes it afterwards.
final class ClientDeparture: Sendable {
    private struct State {
        var departed = false
        var actions: [Int: @Sendable () -> Void] = [:]
        var nextKey = 0
    }

    private let state = Mutex(State())

    /// Runs `action` when the client leaves (now, if it has); returns the key that
    /// ``remove(_:)`` takes.
    func onDeparture(_ action: @escaping @Sendable () -> Void) -> Int {
        let (key, gone) = state.withLock { state in
            state.nextKey += 1
            if !state.departed { state.actions[state.nextKey] = action }
            return (state.nextKey, state.departed)
        }
        if gone { action() }
        return key
    }

    /// Forgets the action registered under `key`.
    func remove(_ key: Int) {
        _ = state.withLock { $0.actions.removeValue(forKey: key) }
    }

    /// The client left: runs every registered action once.
    func depart() {
        let due = state.withLock { state in
            state.departed = true
            defer { state.actions = [:] }
            return Array(state.actions.values)
        }
        due.forEach { $0() }
    }
}
