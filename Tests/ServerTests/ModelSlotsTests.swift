import Foundation
import Generation
import Hummingbird
import HummingbirdTesting
import Pipeline
import QuarryCore
import Server
import Testing

/// Model work is a shared resource (issue 26): requests that generate with the local
/// model take one of `--decoder-slots` slots over all clients, wait in a queue of
/// `--queue-depth` for at most `--queue-timeout`, and past that get 503 with
/// `Retry-After`; requests that do not use the model are not held by the slots.
@Suite("Model slots", .serialized)
struct ModelSlotsTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func localGenerationPastTheQueueIs503WithRetryAfter() async throws {
        var settings = ServerSettings()
        settings.decoderSlots = 1
        settings.queueDepth = 1
        settings.queueTimeout = .milliseconds(400)
        let pipeline = QueryPipeline(index: fixture.index, generator: SlowGenerator())
        let router = await QuarryServer.makeRouter(
            factory: FixedPipeline(index: fixture.index, fixed: pipeline), settings: settings
        )
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.router) { client in
            // Three at once: one runs (1.5 s), one waits past the queue timeout, one finds the queue full.
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/query", method: .post, headers: [.contentType: "application/json"],
                            body: ByteBuffer(string: #"{"question": "vacuum", "generator": "local"}"#)
                        ) { ($0.status, $0.headers[.retryAfter]) }
                    }
                }
                return try await group.reduce(into: [(HTTPResponse.Status, String?)]()) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .ok }.count == 1, "\(answers)")
            let refused = answers.filter { $0.0 == .serviceUnavailable }
            #expect(refused.count == 2, "\(answers)")
            #expect(refused.allSatisfy { $0.1 == "1" })
            // A request that does not use the model is not held back by the slots.
            try await client.postJSON("/v1/query", #"{"question": "vacuum", "generator": "none"}"#) {
                #expect($0.status == .ok)
            }
            // Once the slot is free, the next local generation runs.
            try await client.postJSON("/v1/query", #"{"question": "vacuum", "generator": "local"}"#) {
                #expect($0.status == .ok)
            }
        }
    }
}

/// The extractive answer after 1.5 s, like a local model busy with a long answer.
private struct SlowGenerator: Generator {
    let name = "slow"

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await Task.sleep(for: .milliseconds(1500))
                    for try await event in ExtractiveGenerator().generate(question: question, context: context) {
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
