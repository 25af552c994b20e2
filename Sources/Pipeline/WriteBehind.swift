import Dispatch
import Foundation
import QuarryCore

/// Runs one write at a time as a task of its own on Quarry's write thread
/// (``Offload/task(_:)``), so the caller reads and prepares the next batch while the last
/// one commits; ``wait()`` hands back its error. The write may be a SQLite one, which
/// holds that thread while it commits, or a PostgreSQL one, which gives it back while it
/// waits for the server.
struct WriteBehind {
    private var inFlight: Task<Double, any Error>?

    /// Starts `write`; the write before it must have been waited for.
    mutating func start(_ write: @escaping @Sendable () async throws -> Void) {
        precondition(inFlight == nil, "WriteBehind.start before waiting for the previous write")
        inFlight = Offload.task {
            let started = DispatchTime.now().uptimeNanoseconds
            try await write()
            return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
    }

    /// Waits for the write in flight, if any; returns the seconds it took, or rethrows
    /// its error.
    @discardableResult
    mutating func wait() async throws -> Double {
        guard let task = inFlight else { return 0 }
        inFlight = nil
        return try await task.value
    }
}
