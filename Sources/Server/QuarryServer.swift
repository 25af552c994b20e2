import Embedding
import Foundation
import Hummingbird
import Logging
import Pipeline
import QuarryCore

/// Quarry's HTTP API over the live index and the query pipelines built over it.
///
/// - `POST /v1/query`: `{"question", "top_k"?, "budget"?, "selector"?, "compression"?,
///   "generator"?, "stream"?}` → the
///   `QueryResult` JSON (answer, citations, retrieved and selected chunks, context
///   tokens, index generation, stage timings), or with `"stream": true` the same as
///   server-sent events (``QueryEventStream``).
/// - `POST /v1/embeddings`: OpenAI-compatible embeddings from the loaded embedder.
/// - `GET /healthz`: `{"status":"ok", …}` with the index's counts and generation.
///
/// Errors go through Quarry's error model (``ErrorMiddleware``): 4xx for the client's
/// mistakes, 5xx only for Quarry's own faults or a backend's.
public enum QuarryServer {
    /// The routes, for the server and for in-process tests. Each query is answered by
    /// the pipeline `factory` builds for the stages it asks for (`defaults` where it
    /// names none); `embedder` serves `/v1/embeddings` (404 without one).
    public static func makeRouter(
        factory: any QueryPipelineSource, defaults: StageChoice = StageChoice(), embedder: (any Embedder)? = nil
    ) -> Router<BasicRequestContext> {
        let index = factory.index
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        router.post("/v1/embeddings") { request, context -> EmbeddingsEndpoint.Response in
            guard let embedder else {
                throw QuarryError(.notFound, "this server has no embedder loaded; start it on an index with embeddings")
            }
            let body = try await RequestDecoding.decode(EmbeddingsEndpoint.Request.self, from: request, context: context)
            return try await EmbeddingsEndpoint.handle(body, embedder: embedder)
        }
        router.get("/healthz") { _, _ -> HealthResponse in
            let statistics = try await Offload.run { try index.store.statistics() }
            return HealthResponse(
                status: "ok", index: index.store.url.path, documents: statistics.documents,
                chunks: statistics.chunks, generation: index.generation
            )
        }
        router.post("/v1/query") { request, context -> Response in
            let body = try await RequestDecoding.decode(QueryRequest.self, from: request, context: context)
            let options = body.options
            let pipeline = try factory.pipeline(body.stages(defaults: defaults))
            if body.stream == true {
                // Checked here as well as in the pipeline: once the stream starts the
                // status is 200, and a bad request must still be a 400.
                _ = try QueryPipeline.validate(question: body.question)
                try options.validate()
                return QueryEventStream.response(for: pipeline.run(body.question, options: options))
            }
            return try await pipeline.answer(body.question, options: options).response(from: request, context: context)
        }
        return router
    }

    /// A server listening on `host:port`.
    public static func makeApplication(
        factory: any QueryPipelineSource, defaults: StageChoice, embedder: (any Embedder)?, host: String, port: Int,
        logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(factory: factory, defaults: defaults, embedder: embedder),
            configuration: .init(address: .hostname(host, port: port), serverName: "quarry"),
            logger: logger
        )
    }
}

extension QueryResult: ResponseEncodable {}
