import Embedding
import Foundation
import Generation
import Hummingbird
import Models
import HummingbirdTesting
import OpenAIHTTP
import QuarryCore
import Testing

/// Quarry's outbound HTTP (one pooled AsyncHTTPClient) against real peers: llama.cpp's
/// server answering chat completions with SmolLM2, and a local stand-in for an embeddings
/// server that is slow to answer. Sequential requests share one kept-alive connection
/// instead of opening one each, a request after the pool's shutdown opens a new one, and
/// cancelling the task
/// that reads an answer or awaits an embedding stops the request at once and closes its
/// connection instead of waiting for the server.
@Suite("Outbound HTTP: pooled, cancellable", .serialized)
struct OpenAIConnectionTests {
    static let question = LlamaCppServerTests.question
    static let context = LlamaCppServerTests.context

    @Test(.timeLimit(.minutes(3))) func requestsReuseOnePooledConnection() async throws {
        let server = try await LlamaCppServer()
        defer { server.stop() }
        // The chat client read to each answer's end (the generator may stop reading early,
        // which closes the connection rather than wait for the rest).
        let chat = OpenAIChatClient(endpoint: server.endpoint())
        for word in ["one", "two", "three"] {
            var text = ""
            let messages = [ChatMessage(role: "user", content: "Say \(word).")]
            for try await event in chat.stream(messages, settings: GenerationSettings(maxTokens: 4)) {
                if case .text(let piece) = event { text += piece }
            }
            #expect(!text.isEmpty)
        }
        let ports = try server.clientPorts(of: "/v1/chat/completions")
        #expect(ports.count == 3, "three answers reached the server: \(ports)")
        #expect(Set(ports).count == 1, "all three on one connection, not one each: client ports \(ports)")
    }

    @Test(.timeLimit(.minutes(3))) func cancellingAStreamedAnswerStopsItsRequest() async throws {
        let server = try await LlamaCppServer()
        defer { server.stop() }
        let generator = OpenAIGenerator(endpoint: server.endpoint(), settings: GenerationSettings(maxTokens: 1500))
        let firstPiece = AsyncStream.makeStream(of: Void.self)
        let reader = Task {
            for try await event in generator.generate(question: Self.question, context: Self.context) {
                if case .text = event { firstPiece.continuation.yield() }
            }
        }
        for await _ in firstPiece.stream { break }
        let cancelled = ContinuousClock.now
        reader.cancel()
        _ = await reader.result
        let took = cancelled.duration(to: .now)
        #expect(took < .seconds(1), "the answer stopped when its reader was cancelled: \(took)")
        try await Self.waitUntil { try server.openClientConnections() == 0 }
        #expect(try server.openClientConnections() == 0, "the cancelled request's connection is closed")
    }

    /// Guards the embedder's cancellation (it once waited for the server on a blocked thread
    /// that cancellation never reached), and a pool shut down and opened again.
    @Test(.timeLimit(.minutes(1))) func cancellingAnEmbeddingStopsItsRequest() async throws {
        let router = Router()
        router.post("/v1/embeddings") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            // The width probe is answered at once; anything larger keeps the server busy.
            if body.readableBytes > 200 { try await Task.sleep(for: .seconds(10)) }
            let answer = #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}]}"#
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let embedder = try await OpenAIEmbedder(endpoint: OpenAIEndpoint(
                baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "stand-in", timeout: 60, retries: 0
            ))
            await OpenAIConnections.shutdown()
            #expect(try await embedder.embed(["short"]).first?.count == 2, "a request after a shutdown opens a new pool")

            let work = Task { try await embedder.embed([String(repeating: "a long passage ", count: 40)]) }
            try await Task.sleep(for: .milliseconds(300))
            let cancelled = ContinuousClock.now
            work.cancel()
            let outcome = await work.result
            let took = cancelled.duration(to: .now)
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(took < .seconds(1), "the embedding stopped when its task was cancelled: \(took)")
        }
    }

    /// Polls `condition` every 50 ms for up to 5 s.
    static func waitUntil(_ condition: () throws -> Bool) async throws {
        for _ in 0..<100 where try !condition() {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
