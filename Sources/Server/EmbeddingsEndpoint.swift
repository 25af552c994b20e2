import Embedding
import Hummingbird
import QuarryCore

/// `POST /v1/embeddings` in OpenAI's format, served by the local embedder, so other
/// programs (and Quarry's own `OpenAIEmbedder`) can share one loaded model.
enum EmbeddingsEndpoint {
    /// `input` may be one string or an array of strings.
    struct Request: Decodable {
        var model: String?
        var input: [String]

        enum CodingKeys: String, CodingKey { case model, input }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            model = try container.decodeIfPresent(String.self, forKey: .model)
            if let one = try? container.decode(String.self, forKey: .input) {
                input = [one]
            } else {
                input = try container.decode([String].self, forKey: .input)
            }
        }
    }

    struct Response: ResponseEncodable {
        struct Item: Encodable {
            var object = "embedding"
            var index: Int
            var embedding: [Float]
        }
        struct Usage: Encodable {
            var promptTokens: Int
            var totalTokens: Int
            enum CodingKeys: String, CodingKey { case promptTokens = "prompt_tokens", totalTokens = "total_tokens" }
        }
        var object = "list"
        var data: [Item]
        var model: String
        var usage: Usage
    }

    /// The most inputs one request may carry.
    static let maxInputs = 256

    /// Embeds `body.input`, which may hold at most `maxBytes` UTF-8 bytes in all: the
    /// embedder's work grows with the text, so the limit bounds one request's CPU time.
    static func handle(_ body: Request, embedder: any Embedder, maxBytes: Int) async throws -> Response {
        guard !body.input.isEmpty, body.input.count <= maxInputs else {
            throw HTTPError(.badRequest, message: "field `input` must hold 1 to \(maxInputs) strings")
        }
        let bytes = body.input.reduce(0) { $0 + $1.utf8.count }
        guard bytes <= maxBytes else {
            throw HTTPError(
                .contentTooLarge,
                message: "`input` holds \(bytes) bytes of text, over this server's limit of \(maxBytes) per request; "
                    + "send fewer or shorter inputs"
            )
        }
        if let model = body.model, model != embedder.modelName {
            throw HTTPError(
                .notFound, message: "model `\(model)` is not served here; this server has `\(embedder.modelName)`"
            )
        }
        let vectors = try await embedder.embed(body.input)
        let words = body.input.reduce(0) { $0 + $1.split(separator: " ").count }
        return Response(
            data: vectors.enumerated().map { Response.Item(index: $0.offset, embedding: $0.element) },
            model: embedder.modelName, usage: .init(promptTokens: words, totalTokens: words)
        )
    }
}
