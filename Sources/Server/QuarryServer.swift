import Embedding
import Foundation
import Hummingbird
import Logging
import Pipeline

/// Quarry's HTTP API over one query pipeline.
///
/// - `POST /v1/query`: `{"question", "top_k"?, "budget"?}` → the `QueryResult` JSON
///   (answer, citations, retrieved and selected chunks, context tokens, stage timings).
/// - `POST /v1/embeddings`: OpenAI-compatible embeddings from the loaded embedder.
/// - `GET /healthz`: `{"status":"ok", …}` with the index's counts.
public enum QuarryServer {
    /// The routes, for the server and for in-process tests; `embedder` serves
    /// `/v1/embeddings` (404 without one).
    public static func makeRouter(pipeline: QueryPipeline, embedder: (any Embedder)? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/embeddings") { request, context -> EmbeddingsEndpoint.Response in
            guard let embedder else {
                throw HTTPError(.notFound, message: "this server has no embedder loaded; start it on an index with embeddings")
            }
            let body = try await RequestDecoding.decode(EmbeddingsEndpoint.Request.self, from: request, context: context)
            return try EmbeddingsEndpoint.handle(body, embedder: embedder)
        }
        router.get("/healthz") { _, _ -> HealthResponse in
            let statistics = try pipeline.index.store.statistics()
            return HealthResponse(
                status: "ok", index: pipeline.index.store.url.path,
                documents: statistics.documents, chunks: statistics.chunks
            )
        }
        router.post("/v1/query") { request, context -> QueryResult in
            let body = try await RequestDecoding.decode(QueryRequest.self, from: request, context: context)
            guard body.question.count <= QueryRequest.maxQuestionLength else {
                throw HTTPError(
                    .badRequest, message: "field `question` is longer than \(QueryRequest.maxQuestionLength) characters"
                )
            }
            let defaults = QueryOptions()
            let options = QueryOptions(topK: body.topK ?? defaults.topK, budget: body.budget ?? defaults.budget)
            do {
                return try pipeline.answer(body.question, options: options)
            } catch let error as PipelineError {
                throw HTTPError(.badRequest, message: error.description)
            }
        }
        return router
    }

    /// A server listening on `host:port`.
    public static func makeApplication(
        pipeline: QueryPipeline, embedder: (any Embedder)?, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(pipeline: pipeline, embedder: embedder),
            configuration: .init(address: .hostname(host, port: port), serverName: "quarry"),
            logger: logger
        )
    }
}

extension QueryResult: ResponseEncodable {}
