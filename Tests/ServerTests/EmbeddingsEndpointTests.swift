import Embedding
import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAIHTTP
import Pipeline
import QuarryCore
import Server
import Store
import Testing

/// `POST /v1/embeddings` served by the real MiniLM model, and `OpenAIEmbedder` talking
/// to it over a real socket.
@Suite("OpenAI-compatible embeddings")
struct EmbeddingsEndpointTests {
    let embedder: LocalBertEmbedder
    let app: Application<RouterResponder<QuarryRequestContext>>

    init() async throws {
        embedder = try LocalBertEmbedder()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-emb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("Checkpoints flush dirty pages to disk.".utf8).write(to: root.appendingPathComponent("a.txt"))
        let url = root.appendingPathComponent("i.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [root])
        let index = try QuarryIndex.open(url)
        app = Application(
            router: await QuarryServer.makeRouter(factory: PipelineFactory(index: index), embedder: embedder),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test func theClientGetsTheSameVectorsOverHTTP() async throws {
        let local = try await embedder.embed(["vacuum reclaims space", "write-ahead log"])
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let model = embedder.modelName
            let remote = try await OpenAIEmbedder(endpoint: Self.endpoint(port, model: model))
            let (dimensions, vectors) = (remote.dimensions, try await remote.embed(["vacuum reclaims space", "write-ahead log"]))
            #expect(dimensions == 384)
            #expect(vectors.count == 2)
            for (a, b) in zip(local, vectors) {
                #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 })
            }
            // Quarry's server refuses another model with 404 and OpenAI's error body: its message surfaces.
            await #expect {
                _ = try await OpenAIEmbedder(endpoint: Self.endpoint(port, model: "other-model"))
            } throws: { error in
                let failure = QuarryError(error)
                return failure.kind == .upstream && failure.message.contains("HTTP 404")
                    && failure.message.contains("is not served here")
            }
        }
    }

    static func endpoint(_ port: Int, model: String, timeout: TimeInterval = 60) -> OpenAIEndpoint {
        OpenAIEndpoint(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: model, timeout: timeout, retries: 0)
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        // Nothing listens on port 9 (discard) on a test machine: connection refused, retried once.
        var endpoint = Self.endpoint(9, model: "m", timeout: 5)
        endpoint.retries = 1
        endpoint.backoff = 0.05
        await #expect {
            try await OpenAIEmbedder(endpoint: endpoint)
        } throws: { error in
            let failure = QuarryError(error)
            return failure.kind == .upstream && failure.message.contains("cannot reach")
        }
    }

    @Test func badEmbeddingRequestsAre4xx() async throws {
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"input": []}"#)
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"input": "one text"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""object":"list""#))
            }
        }
    }
}
