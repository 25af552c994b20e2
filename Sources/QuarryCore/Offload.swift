import Dispatch

/// Runs CPU-heavy or blocking work (a BERT pass, an index search, SQLite reads) on
/// Quarry's own threads instead of Swift's cooperative pool, so an async caller such
/// as an HTTP handler never holds a pool thread while the work runs.
public enum Offload {
    private static let queue = DispatchQueue(label: "quarry.offload", qos: .userInitiated, attributes: .concurrent)

    /// The result of `work`, computed off the cooperative pool; throws
    /// `CancellationError` without starting when the calling task is already cancelled.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
