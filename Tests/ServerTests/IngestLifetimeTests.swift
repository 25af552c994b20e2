import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Pipeline
import QuarryCore
import Server
import Synchronization
import Testing

/// Work that ends with its request (issue 26): a document write stops, having written
/// nothing, when it passes the ingest deadline (503 naming the setting), when its client
/// closes the connection, and when the server shuts down and the grace period is over,
/// so an abandoned 15 MB post no longer keeps a core busy, nor SIGTERM waits for it.
@Suite("Ingest lifetime", .serialized)
struct IngestLifetimeTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// A JSON document of many sentences, long enough that chunking it takes seconds.
    static func bigDocument(id: String, sentences count: Int = 8_000) -> String {
        let sentences = (0..<count).map { "Sentence \($0) says that page \($0 % 97) of the log was flushed." }
        return #"{"id": "\#(id)", "text": "\#(sentences.joined(separator: " "))"}"#
    }

    func application(_ settings: ServerSettings) async -> some ApplicationProtocol {
        await QuarryServer.makeApplication(
            factory: PipelineFactory(index: fixture.index), defaults: StageChoice(), embedder: nil,
            host: "127.0.0.1", port: 0, settings: settings, logger: Logger(label: "ingest-lifetime-test")
        )
    }

    @Test func aWritePastItsDeadlineIs503AndWritesNothing() async throws {
        var settings = ServerSettings()
        settings.ingestTimeout = .milliseconds(1)
        try await fixture.application(settings).test(.router) { client in
            try await client.postJSON("/v1/documents", Self.bigDocument(id: "late")) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("--ingest-timeout"))
            }
        }
        #expect(try fixture.index.file!.source(path: "api:late") == nil)
    }

    @Test func aWriteWhoseClientLeftStopsAndWritesNothing() async throws {
        try await application(ServerSettings()).test(.live) { client in
            let port = try #require(client.port)
            // How long the write takes when its client waits for it: a write shorter than
            // the wait before hanging up would be committed before its client left, and
            // prove nothing about cancellation, so the document grows until it takes over
            // 600 ms (fewer sentences in a debug build than in release).
            var sentences = 4_000
            var whole = Duration.zero
            while whole <= .milliseconds(600) && sentences < 128_000 {
                sentences *= 2
                let started = ContinuousClock.now
                try await client.postJSON("/v1/documents", Self.bigDocument(id: "whole", sentences: sentences)) {
                    #expect($0.status == .created)
                }
                whole = ContinuousClock.now - started
            }
            try #require(whole > .milliseconds(600), "a write of \(sentences) sentences took only \(whole)")
            // The same work again, abandoned after 200 ms.
            let document = Self.bigDocument(id: "left", sentences: sentences)
            try await Offload.run {
                let socket = try RawHTTPClient(port: port)
                try socket.post("/v1/documents", json: document)
                Thread.sleep(forTimeInterval: 0.2)
                socket.hangUp()
            }
            try await Task.sleep(for: whole * 2 + .seconds(1))
            #expect(try fixture.index.file!.source(path: "api:left") == nil, "the abandoned write was committed")
            #expect(try fixture.index.file!.source(path: "api:whole") != nil)
        }
    }

    @Test func shutdownCancelsAWriteAfterTheGracePeriod() async throws {
        var settings = ServerSettings()
        settings.shutdownGrace = .milliseconds(200)
        let port = try LlamaCppServer.freePort()
        let application = await QuarryServer.makeApplication(
            factory: PipelineFactory(index: fixture.index), defaults: StageChoice(), embedder: nil,
            host: "127.0.0.1", port: port, settings: settings, logger: Logger(label: "ingest-lifetime-test")
        )
        final class Expiry: Sendable { let ran = Mutex(false) }
        let expiry = Expiry()
        let group = QuarryServer.serviceGroup(
            running: application, settings: settings, logger: Logger(label: "ingest-lifetime-test"),
            expire: { expiry.ran.withLock { $0 = true } }
        )
        let running = Task { try await group.run() }
        while !LlamaCppServer.listening(port) { try await Task.sleep(for: .milliseconds(50)) }
        let socket = try RawHTTPClient(port: port)
        // The write must still be before its one transaction when the grace period ends
        // 0.3 s after the post (a transaction that started commits whole, and may take
        // longer than the window): 200,000 sentences (12.6 MB, under the 16 MiB body
        // bound) take a release build about a second to chunk on 2 cores. The margin was
        // 0.8 s until chunking got faster again (sizes summed from sentences): the ASan
        // run then once found the write committing when the cancellation came.
        try socket.post("/v1/documents", json: Self.bigDocument(id: "shutdown", sentences: 200_000))
        try await Task.sleep(for: .milliseconds(100))
        let stopping = ContinuousClock.now
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        let took = ContinuousClock.now - stopping
        #expect(took < .seconds(3), "shutdown took \(took)")
        // The write stopped when cancelled, not when the process would have been ended.
        #expect(!expiry.ran.withLock { $0 })
        #expect(try fixture.index.file!.source(path: "api:shutdown") == nil)
        withExtendedLifetime(socket) {}
    }
}
