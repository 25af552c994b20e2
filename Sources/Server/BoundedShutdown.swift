import Foundation
import Logging
import QuarryCore
import ServiceLifecycle

/// A service that may take at most `grace` plus ``cancellationWindow`` to stop once
/// graceful shutdown begins: the grace period, in which requests in flight finish (the
/// group cancels them when it ends), then the window for the cancelled ones to stop.
/// A request still running then is in a step that checks cancellation only at its end
/// (a model's forward pass, a parser), and an operator's stop must not wait for it:
/// `expire` runs (for `quarry serve` it ends the process). Nothing is lost: a write
/// that has not committed is rolled back by the store.
struct BoundedShutdown<Wrapped: Service>: Service {
    /// How long cancelled requests have to stop before the process ends without them.
    static var cancellationWindow: Duration { .seconds(1) }

    let service: Wrapped
    /// The group's graceful-shutdown period.
    let grace: Duration
    let logger: Logger
    let expire: @Sendable () -> Void

    /// Runs `service`, then waits for the work its requests left on ``Offload``'s threads;
    /// when graceful shutdown begins, a thread of its own (no task of the group can delay
    /// it) waits for both, and runs `expire` if they have not ended within the grace
    /// period and the window.
    func run() async throws {
        let returned = DispatchSemaphore(value: 0)
        defer { returned.signal() }
        let (limit, logger, expire) = (grace + Self.cancellationWindow, logger, expire)
        try await withGracefulShutdownHandler {
            try await service.run()
            // A cancelled request has returned, but its blocking step (a forward pass)
            // may still run on Quarry's threads: the process must not end under it.
            await Offload.waitUntilIdle()
        } onGracefulShutdown: {
            Thread.detachNewThread {
                guard returned.wait(timeout: .now() + limit.seconds) == .timedOut else { return }
                logger.warning(
                    "requests were still running \(limit) after shutdown began (the grace period, then \(Self.cancellationWindow) after they were cancelled); stopping without them"
                )
                expire()
            }
        }
    }
}
