import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `quarry serve` whose embedding model is missing or broken (issue 26): it starts on
/// BM25, keeps answering queries, and every request that needs the model
/// (`/v1/embeddings`, a document write into an index with embeddings, a dense or
/// hybrid query of such an index, a local generation) is a 503 that
/// says the model cannot be loaded and what to do, without the server's model path;
/// not a 404 claiming the server has no embedder, nor a 409 or 500.
@Suite("Serve without its model", .serialized)
struct ServeWithoutModelTests {
    let quarry: QuarryBinary
    let root: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-nomodel-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("VACUUM reclaims storage occupied by dead tuples.".utf8).write(to: docs.appendingPathComponent("v.txt"))
    }

    /// A model cache whose MiniLM folder has its vocabulary and config but weights cut to 100 bytes.
    private func brokenModels() throws -> URL {
        let real = ProcessInfo.processInfo.environment["QUARRY_MODELS"]
            .map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/quarry/models")
        let folder = root.appendingPathComponent("models/all-minilm-l6-v2")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["vocab.txt", "config.json"] {
            try FileManager.default.copyItem(
                at: real.appendingPathComponent("all-minilm-l6-v2/\(name)"), to: folder.appendingPathComponent(name)
            )
        }
        let weights = try Data(contentsOf: real.appendingPathComponent("all-minilm-l6-v2/model.safetensors"))
        try weights.prefix(100).write(to: folder.appendingPathComponent("model.safetensors"))
        return root.appendingPathComponent("models")
    }

    /// Status and body of `path` POSTed with `json` to `quarry serve` over `index.quarry`,
    /// whose model cache is `models`.
    private func answers(models: URL, _ requests: [(path: String, json: String)]) async throws -> [(Int, String)] {
        let port = try freePort()
        let process = try quarry.start(
            ["serve", "--index", "index.quarry", "--port", String(port)], in: root,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") }
                .merging(["QUARRY_MODELS": models.path]) { _, new in new }
        )
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = try #require(try await servedAddress(port: port), "quarry serve did not answer /healthz within 30 s")
        var results: [(Int, String)] = []
        for (path, json) in requests {
            var request = URLRequest(url: base.appendingPathComponent(path))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            results.append(((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self)))
        }
        return results
    }

    private func expectModelUnavailable(_ answer: (Int, String), models: URL) {
        #expect(answer.0 == 503, "\(answer.1)")
        let body = try? JSONSerialization.jsonObject(with: Data(answer.1.utf8)) as? [String: [String: String]]
        let message = body?["error"]?["message"] ?? ""
        #expect(message.contains("cannot be loaded"), "\(answer.1)")
        #expect(!message.contains(models.path), "the answer shows the server's model path: \(message)")
    }

    @Test func aMissingModelIs503OnEmbeddingsWhileQueriesWork() async throws {
        let index = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        try #require(index.status == 0, "\(index.stderr)")
        let models = root.appendingPathComponent("no-models")
        let results = try await answers(models: models, [
            ("v1/embeddings", #"{"input": "dead tuples"}"#), ("v1/query", #"{"question": "vacuum"}"#),
            ("v1/query", #"{"question": "vacuum", "generator": "local"}"#),
        ])
        expectModelUnavailable(results[0], models: models)
        #expect(results[1].0 == 200, "\(results[1].1)")
        expectModelUnavailable(results[2], models: models)
    }

    @Test func aBrokenModelIs503OnEmbeddingsAndOnWritesToAnEmbeddedIndex() async throws {
        let index = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "local"], in: root)
        try #require(index.status == 0, "\(index.stderr)")
        let models = try brokenModels()
        let results = try await answers(models: models, [
            ("v1/embeddings", #"{"input": "dead tuples"}"#),
            ("v1/documents", #"{"id": "new", "text": "Autovacuum runs VACUUM in the background."}"#),
            ("v1/query", #"{"question": "vacuum"}"#),
            ("v1/query", #"{"question": "vacuum", "retriever": "dense"}"#),
            ("v1/query", #"{"question": "vacuum", "retriever": "hybrid"}"#),
        ])
        expectModelUnavailable(results[0], models: models)
        expectModelUnavailable(results[1], models: models)
        #expect(results[2].0 == 200, "\(results[2].1)")
        // The index has embeddings: asking for them is the model's failure, not a 400
        // saying the index has none.
        expectModelUnavailable(results[3], models: models)
        expectModelUnavailable(results[4], models: models)
    }
}
