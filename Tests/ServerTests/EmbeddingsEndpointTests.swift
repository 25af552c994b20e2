import Embedding
import Foundation
import Hummingbird
import HummingbirdTesting
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

    init() throws {
        embedder = try LocalBertEmbedder()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-emb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("Checkpoints flush dirty pages to disk.".utf8).write(to: root.appendingPathComponent("a.txt"))
        let url = root.appendingPathComponent("i.quarry")
        _ = try IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [root])
        let index = try QuarryIndex.open(url)
        app = Application(
            router: QuarryServer.makeRouter(factory: PipelineFactory(index: index), embedder: embedder),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test func theClientGetsTheSameVectorsOverHTTP() async throws {
        let local = try embedder.embed(["vacuum reclaims space", "write-ahead log"])
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let model = embedder.modelName
            // The client blocks while it waits; off the cooperative pool, so the
            // server's handlers keep a thread to answer on.
            let (dimensions, vectors) = try await Offload.run {
                let remote = try OpenAIEmbedder(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: model, retries: 0)
                return (remote.dimensions, try remote.embed(["vacuum reclaims space", "write-ahead log"]))
            }
            #expect(dimensions == 384)
            #expect(vectors.count == 2)
            for (a, b) in zip(local, vectors) {
                #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 })
            }
            await #expect(throws: OpenAIEmbedderError.self) {
                try await Offload.run {
                    _ = try OpenAIEmbedder(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "other-model", retries: 0)
                }
            }
        }
    }

    @Test func anUnreachableServerIsAClearError() throws {
        #expect(throws: OpenAIEmbedderError.self) {
            try OpenAIEmbedder(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m", timeout: 5, retries: 1)
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
