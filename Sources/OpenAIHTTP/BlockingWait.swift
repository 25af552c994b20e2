import Dispatch

/// Runs async work to its end for a synchronous caller (the `Embedder` protocol is
/// synchronous), on Quarry's own threads: the work runs with a task executor of its own,
/// so a caller that blocks a thread of Swift's cooperative pool while it waits never
/// leaves the work without a thread to resume on.
public enum BlockingWait {
    private static let executor = DispatchTaskExecutor()

    /// The result of `operation`, waited for on this thread.
    public static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task(executorPreference: executor) {
            do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Written once by the task before it signals, read once by the waiter after.
    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}

/// A task executor that runs jobs on a concurrent dispatch queue instead of the cooperative pool.
final class DispatchTaskExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "quarry.openai-http", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
