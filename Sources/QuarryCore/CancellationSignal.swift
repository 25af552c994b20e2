import Foundation
import Synchronization

/// Tells long synchronous work on a worker thread (an ingest) to stop: the request that
/// started it was cancelled (its client left, the server is shutting down) or its
/// deadline passed. The work calls ``check()`` between steps and before it commits, so
/// it stops at the next step and writes nothing.
public final class CancellationSignal: Sendable {
    /// Why the work must stop; nil while it may go on.
    private let reason = Mutex<Stopped?>(nil)
    /// When the work must have finished; nil: no deadline.
    public let deadline: ContinuousClock.Instant?
    private let timeLimit: Duration?
    private let setting: String

    /// The signal of the work running on this thread (or task), bound with
    /// `$current.withValue`, for loops deep in code that takes no signal (a chunker's).
    @TaskLocal public static var current: CancellationSignal?

    /// Throws when the ``current`` signal fired; nothing without one.
    public static func checkCurrent() throws {
        try current?.check()
    }

    /// A signal that also fires `timeLimit` after now; `setting` names where the limit
    /// comes from, for the message (`--ingest-timeout`).
    public init(timeLimit: Duration? = nil, setting: String = "") {
        deadline = timeLimit.map { ContinuousClock.now + $0 }
        self.timeLimit = timeLimit
        self.setting = setting
    }

    /// Stops the work at its next check with `message`; the first reason given wins.
    public func cancel(_ message: String) {
        reason.withLock { reason in
            if reason == nil { reason = Stopped(message: message) }
        }
    }

    /// Throws ``Stopped`` once ``cancel(_:)`` was called or the deadline passed.
    public func check() throws {
        if let deadline, let timeLimit, ContinuousClock.now >= deadline {
            cancel("the work took longer than this server's limit of \(timeLimit) (\(setting)); "
                + "send a smaller document or ask the operator to raise the limit")
        }
        if let stopped = reason.withLock({ $0 }) { throw stopped }
    }

    /// Why work stopped early: a 503 whose message says what to do.
    public struct Stopped: QuarryErrorConvertible, Sendable {
        public var message: String
        public var quarryError: QuarryError { QuarryError(.unavailable, message) }
    }
}
