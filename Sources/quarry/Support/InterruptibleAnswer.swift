import Foundation

/// Set by SIGINT's handler (all a handler may safely do), read by ``InterruptibleAnswer``.
nonisolated(unsafe) private var interruptRequested: sig_atomic_t = 0

/// Ctrl-C in the REPL: stops the answer being written and returns to the prompt, instead
/// of ending the process (and losing the session's history with it). While one exists,
/// SIGINT does not end the process.
final class InterruptibleAnswer: Sendable {
    /// How often a running answer looks for Ctrl-C.
    static let pollInterval: Duration = .milliseconds(50)

    init() {
        interruptRequested = 0
        signal(SIGINT) { _ in interruptRequested = 1 }
    }

    deinit {
        signal(SIGINT, SIG_DFL)
    }

    /// Whether Ctrl-C was pressed since the last call (at the prompt, libedit then returns no line).
    func takeInterrupt() -> Bool {
        defer { interruptRequested = 0 }
        return interruptRequested != 0
    }

    /// Runs `body` until it ends or Ctrl-C stops it; nil when stopped.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        interruptRequested = 0
        let task = Task { try await body() }
        let watcher = Task {
            while !Task.isCancelled {
                if interruptRequested != 0 {
                    task.cancel()
                    return
                }
                try? await Task.sleep(for: Self.pollInterval)
            }
        }
        defer { watcher.cancel() }
        do {
            let value = try await task.value
            return task.isCancelled ? nil : value
        } catch where task.isCancelled {
            return nil
        }
    }
}
