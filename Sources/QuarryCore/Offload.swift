import Foundation
import NIOPosix
import Synchronization

/// Runs CPU-heavy or blocking work (a BERT pass, an index search, SQLite reads) on
/// Quarry's own threads instead of Swift's cooperative pool, so an async caller such
/// as an HTTP handler never holds a pool thread while the work runs.
///
/// Both pools are swift-nio's `NIOThreadPool`s of a fixed size: however many requests
/// arrive, the process runs at most ``threadCount`` + ``streamThreadCount`` threads for
/// them, and further work waits in the pool's queue.
public enum Offload {
    /// Threads for ``run(_:)``: twice the cores, at least 4, so a few long writes do not
    /// hold up short reads.
    public static let threadCount = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    /// Threads for ``stream(_:)``: one per core, at least 2.
    public static let streamThreadCount = max(2, ProcessInfo.processInfo.activeProcessorCount)

    private static let pool = started(NIOThreadPool(numberOfThreads: threadCount))
    /// ``run(_:)``'s threads as a task executor, for ``onThreads(isolation:_:)``.
    private static let executor = ThreadPoolTaskExecutor(pool: pool)
    private static let streams = started(NIOThreadPool(numberOfThreads: streamThreadCount))
    /// ``task(_:)``'s thread.
    private static let writer = ThreadPoolTaskExecutor(pool: started(NIOThreadPool(numberOfThreads: 1)))

    /// Work items running now on either pool (queued ones not counted).
    private static let running = Atomic<Int>(0)

    private static func started(_ pool: NIOThreadPool) -> NIOThreadPool {
        pool.start()
        return pool
    }

    /// The result of `work`, computed off the cooperative pool; throws
    /// `CancellationError` without starting when the calling task is cancelled before
    /// the work gets a thread.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await pool.runIfActive { try counted(work) }
    }

    /// Runs async `work` whose steps may hold their thread a long time (chunking a document,
    /// a model's forward pass between two awaits) with ``run(_:)``'s threads as its task
    /// executor, child tasks included, so those steps never hold a thread of the
    /// cooperative pool. A step that awaits gives its thread back while it waits.
    public static func onThreads<T, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ work: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        try await withTaskExecutorPreference(executor, isolation: isolation, operation: work)
    }

    /// Starts `work` as a task of its own on a thread kept for such work (one, shared by
    /// every such task), for work that outlives the step that started it: a write
    /// committing while the caller prepares the next batch. A blocking write (SQLite's)
    /// holds that thread, never one of ``run(_:)``'s; an async one (PostgreSQL's) gives it
    /// back while it waits.
    public static func task<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        Task(executorPreference: writer, operation: work)
    }

    /// Starts `work`, a loop that feeds a stream while its consumer reads (a generation's
    /// decoding loop), on a pool of its own, so loops that wait for slow consumers never
    /// take the threads ``run(_:)`` needs.
    public static func stream(_ work: @escaping @Sendable () -> Void) {
        streams.submit { _ in counted(work) }
    }

    /// Returns once no work runs on these threads. A server calls it after its last
    /// request has returned: a cancelled request's blocking step (a forward pass) may
    /// still be running, and the process must not end under it (OpenBLAS frees its
    /// buffers at exit). Waits on a thread of its own, so a cancelled caller still waits.
    public static func waitUntilIdle() async {
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                while running.load(ordering: .acquiring) > 0 { usleep(5_000) }
                finished.resume()
            }
        }
    }

    /// `work`, counted in ``running`` while it runs.
    fileprivate static func counted<T>(_ work: () throws -> T) rethrows -> T {
        running.add(1, ordering: .acquiringAndReleasing)
        defer { running.subtract(1, ordering: .acquiringAndReleasing) }
        return try work()
    }
}

/// A task executor that runs jobs on a `NIOThreadPool`'s threads.
private final class ThreadPoolTaskExecutor: TaskExecutor {
    let pool: NIOThreadPool

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // A job runs even on a pool that is shutting down: its task must reach its end.
        pool.submit { _ in Offload.counted { job.runSynchronously(on: self.asUnownedTaskExecutor()) } }
    }
}
