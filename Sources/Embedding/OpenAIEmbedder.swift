import Foundation
import OpenAIHTTP
import QuarryCore

/// An `Embedder` that calls an OpenAI-compatible `POST {baseURL}/embeddings` endpoint
/// (OpenAI, vLLM, llama.cpp's server, Ollama, or `quarry serve` itself).
///
/// Requests carry at most `batchSize` texts and go through ``OpenAIHTTPClient``: the
/// endpoint's timeout, retries with back-off on connection failures, 429 and 5xx
/// (honouring `Retry-After`), and failures as `QuarryError`s (`.upstream`, or
/// `.upstreamTimeout`) with the server's message and what to do. Cancelling the task that
/// awaits `embed` stops its request.
public struct OpenAIEmbedder: Embedder {
    public let endpoint: OpenAIEndpoint
    public let dimensions: Int
    public var modelName: String { endpoint.model }
    private let http: OpenAIHTTPClient
    private let batchSize: Int
    /// The most bytes of one answer read: 64 texts × 3,072 dimensions as JSON text is about 3 MB.
    static let maxBodyBytes = 32 << 20

    /// Connects to `endpoint` and asks for one embedding to learn the model's width.
    public init(endpoint: OpenAIEndpoint, batchSize: Int = 64) async throws {
        self.endpoint = endpoint
        http = OpenAIHTTPClient(endpoint: endpoint)
        self.batchSize = max(1, batchSize)
        let probe = try await Self.request(["dimension probe"], http: http, dimensions: nil)
        guard let width = probe.first?.count, width > 0 else {
            let url = endpoint.url("embeddings").absoluteString
            throw QuarryError(.upstream, "\(url) returned an empty embedding for model \(endpoint.model)")
        }
        dimensions = width
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            vectors += try await Self.request(batch, http: http, dimensions: dimensions)
        }
        return vectors
    }

    private struct RequestBody: Encodable {
        var model: String
        var input: [String]
    }

    private struct ResponseBody: Decodable {
        struct Item: Decodable {
            var index: Int
            var embedding: [Float]
        }
        var data: [Item]
    }

    /// One vector per text, in order; each `dimensions` wide when that is known.
    private static func request(
        _ texts: [String], http: OpenAIHTTPClient, dimensions: Int?
    ) async throws -> [[Float]] {
        let body = try JSONEncoder().encode(RequestBody(model: http.endpoint.model, input: texts))
        let reply = try await http.post(
            "embeddings", json: body, bodyLimit: maxBodyBytes, decoding: ResponseBody.self, what: "OpenAI embeddings"
        )
        let url = http.endpoint.url("embeddings").absoluteString
        let items = reply.data.sorted { $0.index < $1.index }
        guard items.map(\.index) == Array(0..<texts.count) else {
            throw QuarryError(.upstream, "\(url) did not answer with one embedding per input (OpenAI format)")
        }
        if let dimensions, let item = items.first(where: { $0.embedding.count != dimensions }) {
            throw QuarryError(
                .upstream,
                "\(url) answered a \(item.embedding.count)-dimensional embedding where the model gave "
                    + "\(dimensions) before"
            )
        }
        return items.map(\.embedding)
    }
}
