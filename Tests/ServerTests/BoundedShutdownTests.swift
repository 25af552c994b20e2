import Foundation
import Hummingbird
import Logging
import QuarryCore
import Server
import Synchronization
import Testing

/// A stop takes at most the grace period and one second (issue 26): a request that
/// ignores its cancellation (a model's forward pass, a parser between checks) no longer
/// keeps `quarry serve` alive after SIGTERM; the server's expiry, which ends the process,
/// runs instead. A server whose requests stop in time never reaches it.
@Suite("Bounded shutdown", .serialized)
struct BoundedShutdownTests {
    /// When the expiry ran, and whether the stubborn request had returned by then.
    final class Outcome: Sendable {
        let expiredAt = Mutex<ContinuousClock.Instant?>(nil)
        let requestReturned = Mutex(false)
        let returnedBeforeExpiry = Mutex<Bool?>(nil)
    }

    /// A server with one route whose work ignores cancellation for `seconds`.
    func application(port: Int, outcome: Outcome, seconds: Double) -> some ApplicationProtocol {
        let router = Router()
        router.post("stubborn") { _, _ -> String in
            try await Offload.run { Thread.sleep(forTimeInterval: seconds) }
            outcome.requestReturned.withLock { $0 = true }
            return "done"
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    }

    func stop(grace: Duration, requestSeconds: Double?) async throws -> (outcome: Outcome, stopping: ContinuousClock.Instant) {
        var settings = ServerSettings()
        settings.shutdownGrace = grace
        let port = try LlamaCppServer.freePort()
        let outcome = Outcome()
        let group = QuarryServer.serviceGroup(
            running: application(port: port, outcome: outcome, seconds: requestSeconds ?? 0), settings: settings,
            logger: Logger(label: "bounded-shutdown-test"),
            expire: {
                outcome.expiredAt.withLock { $0 = .now }
                outcome.returnedBeforeExpiry.withLock { $0 = outcome.requestReturned.withLock { $0 } }
            }
        )
        let running = Task { try await group.run() }
        while !LlamaCppServer.listening(port) { try await Task.sleep(for: .milliseconds(50)) }
        var socket: RawHTTPClient?
        if requestSeconds != nil {
            socket = try RawHTTPClient(port: port)
            try socket?.post("/stubborn", json: "{}")
            try await Task.sleep(for: .milliseconds(200))
        }
        let stopping = ContinuousClock.now
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        withExtendedLifetime(socket) {}
        return (outcome, stopping)
    }

    @Test func aRequestThatIgnoresCancellationMeetsTheExpiry() async throws {
        let (outcome, stopping) = try await stop(grace: .milliseconds(300), requestSeconds: 4)
        let expiredAt = try #require(outcome.expiredAt.withLock { $0 }, "the stubborn request kept the server alive")
        #expect(outcome.returnedBeforeExpiry.withLock { $0 } == false, "the request had returned: nothing was cut short")
        // The expiry waits the grace period and the window, not less.
        #expect(expiredAt - stopping >= .milliseconds(1_300))
    }

    @Test func aServerThatStopsInTimeNeverExpires() async throws {
        _ = try await stop(grace: .milliseconds(300), requestSeconds: nil)
        let outcome = try await stop(grace: .milliseconds(300), requestSeconds: 0.1).outcome
        // Past the grace period and the window: the timer would have run by now.
        try await Task.sleep(for: .milliseconds(1_800))
        #expect(outcome.requestReturned.withLock { $0 })
        #expect(outcome.expiredAt.withLock { $0 } == nil)
    }
}
