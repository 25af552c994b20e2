import Embedding
import Foundation
import Hummingbird
import HummingbirdCore
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
/// - `POST /v1/chat/completions`: OpenAI's chat API answering the last user message
///   from the index, streamed with `"stream": true` (``ChatCompletionsEndpoint``);
///   citations in the fields `citations` and `citation_flags`.
/// - `GET /v1/models`: the generators a request may name as `model` (`quarry:local`).
/// - `POST /v1/embeddings`: OpenAI-compatible embeddings from the loaded embedder.
/// - `POST /v1/documents`, `DELETE /v1/documents/{id}`: push and remove documents
///   (``DocumentsEndpoint``); `GET /v1/documents`: the sources with their counts
///   (``DocumentListEndpoint``); `GET /v1/passage`: a cited chunk's text with the cited
///   bytes split out (``PassageEndpoint``).
/// - `GET /`: the web page (``WebPage``), unless ``ServerSettings/webPage`` is off.
/// - `GET /healthz`: `{"status":"ok", …}` with the index's counts and generation;
///   `GET /readyz`: 200 `{"status":"ready","writes":"available"}` once the index
///   answers (`"writes":"unavailable"` with a `reason` while it cannot take writes:
///   read-only, disk full, locked, damaged, a shared store out of reach, the last with
///   `"stale":true`: answers then come from this node's state), 503 otherwise.
/// - `GET /metrics`: Prometheus text (``ServerMetrics``); `GET /openapi.json`: the
///   OpenAPI document of all of these (``OpenAPIDocument``).
///
/// Every request passes ``RequestGuardMiddleware`` (hosts, token, per-client limit,
/// content type, body size and time). Errors go through Quarry's error model
/// (``ErrorMiddleware``): 4xx for the client's mistakes, 5xx only for Quarry's own
/// faults or a backend's; a known path under the wrong method is 405.
public enum QuarryServer {
    /// The routes, for the server and for in-process tests. Each query is answered by
    /// the pipeline `factory` builds for the stages it asks for (`defaults` where it
    /// names none); `embedder` serves `/v1/embeddings` (404 without one) and embeds
    /// pushed documents when the index has embeddings.
    public static func makeRouter(
        factory: any QueryPipelineSource, defaults: StageChoice = StageChoice(), embedder: (any Embedder)? = nil,
        settings: ServerSettings = ServerSettings(), metrics: ServerMetrics = ServerMetrics()
    ) async -> Router<QuarryRequestContext> {
        let index = factory.index
        let sizes = IndexSizeCache(store: index.store)
        let paths = DocumentPathDisplay(
            root: settings.paths == .absolute
                ? nil : DocumentPathDisplay.commonFolder(of: await sourcePaths(of: index))
        )
        let ingest: Result<DocumentIngest, any Error>
        do {
            ingest = .success(try await documentIngest(index: index, embedder: embedder, settings: settings))
        } catch {
            ingest = .failure(error)
        }
        let routes = RouteList()
        let decoder = ModelSlots(settings, name: "decoder", setting: "--decoder-slots", slots: settings.decoderSlots)
        let encoder = ModelSlots(settings, name: "encoder", setting: "--encoder-slots", slots: settings.encoderSlots)
        let router = Router(context: QuarryRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        // One line per request, carrying its `hb.request.id`.
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
        if let origin = settings.corsOrigin {
            router.add(middleware: CORSMiddleware(
                allowOrigin: origin == "*" ? .all : .custom(origin),
                allowMethods: [.get, .post, .delete, .head, .options]
            ))
        }
        router.add(middleware: ErrorMiddleware())
        if let token = settings.authToken {
            router.add(middleware: BearerTokenAuthenticator(token: token))
        }
        router.add(middleware: RequestGuardMiddleware(settings: settings))

        router.post("/v1/embeddings") { request, context -> Response in
            guard let embedder else {
                throw QuarryError(.notFound, "this server has no embedder loaded; start it on an index with embeddings")
            }
            let body = try await RequestDecoding.decode(
                EmbeddingsEndpoint.Request.self, from: request, context: context
            )
            return try await encoder.run {
                try await EmbeddingsEndpoint.handle(body, embedder: embedder, maxBytes: settings.maxEmbeddingBytes)
                    .response(from: request, context: context)
            }
        }
        router.post("/v1/chat/completions") { request, context -> Response in
            let body = try await RequestDecoding.decode(ChatCompletionRequest.self, from: request, context: context)
            let stages = body.stageFields.stages(over: defaults)
            let generator = try ChatCompletionsEndpoint.generator(for: body.model, defaults: stages)
            return try await decoder.run(if: generator == .local) {
                try await ChatCompletionsEndpoint.handle(
                    body, factory: factory, defaults: defaults, paths: paths, metrics: metrics
                )
            }
        }
        router.get("/v1/models") { _, _ -> ModelList in
            ModelList(data: ChatCompletionsEndpoint.models(defaults: defaults).map { .init(id: $0) })
        }
        router.get("/healthz") { _, _ -> HealthResponse in
            // Alive while a shared store is away: the counts are the last ones read.
            guard let size = try await sizes.current(orLastKnownWhenUnreachable: index.file == nil) else {
                throw QuarryError(.unavailable, "\(index.name) cannot be reached and this node has not counted it yet")
            }
            let name = settings.paths == .absolute ? index.store.location.description : index.name
            return HealthResponse(
                status: "ok", index: name, documents: size.documents, chunks: size.chunks, generation: index.generation
            )
        }
        router.get("/readyz") { _, _ -> ReadinessResponse in
            // A shared store out of reach leaves this node ready: it answers from its own
            // state, flagged stale, and writes wait for the store. Each probe catches an
            // idle node up with the store's writes.
            var stale: QuarryError?
            do {
                try await index.catchUp()
                stale = index.staleness?.reason
                _ = try await sizes.current()
                _ = try ingest.get()
            } catch let error as QuarryError where error.kind == .unavailable && index.file == nil {
                stale = error
            } catch {
                throw QuarryError(.unavailable, "not ready: \(QuarryError(error).message)")
            }
            metrics.stale(stale != nil)
            let problem = stale.map {
                QuarryError(.unavailable, "\(index.name) cannot be reached (\($0.message)); answering from this node's state")
            } ?? index.store.writeProblem
            return ReadinessResponse(
                writes: problem == nil ? "available" : "unavailable", reason: problem?.message, stale: stale == nil ? nil : true
            )
        }
        router.get("/metrics") { _, _ -> Response in
            if let size = try await sizes.current(orLastKnownWhenUnreachable: index.file == nil) {
                metrics.index(documents: size.documents, chunks: size.chunks, generation: size.generation)
            }
            metrics.stale(index.staleness != nil)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("/v1/documents") { request, _ in
            try await DocumentListEndpoint.list(request, store: index.store, paths: paths)
        }
        router.get("/v1/passage") { request, _ in
            try await PassageEndpoint.passage(request, store: index.store, paths: paths)
        }
        if settings.webPage {
            WebPage.register(on: router)
        }
        // After a write, a node of a shared store catches up before it answers, so the
        // writer's next query to it has the write (other nodes follow within a second);
        // the write has committed, so a failed catch-up does not fail it.
        router.post("/v1/documents") { request, context -> Response in
            let created = try await encoder.run {
                try await DocumentsEndpoint.create(
                    request, context: context, ingest: try ingest.get(), timeout: settings.ingestTimeout,
                    metrics: metrics
                ).response(from: request, context: context)
            }
            try? await index.catchUp()
            return created
        }
        router.delete("/v1/documents/{id}") { _, context in
            let id = try context.parameters.require("id")
            let deleted = try await DocumentsEndpoint.delete(id: id, ingest: try ingest.get(), metrics: metrics)
            try? await index.catchUp()
            return deleted
        }
        router.post("/v1/query") { request, context -> Response in
            let body = try await RequestDecoding.decode(QueryRequest.self, from: request, context: context)
            let stages = body.stages(defaults: defaults)
            return try await decoder.run(if: stages.generator == .local) {
                let options = body.options
                let pipeline = try factory.pipeline(stages)
                if body.stream == true {
                    // Checked here as well as in the pipeline: once the stream starts the
                    // status is 200, and a bad request must still be a 400.
                    _ = try QueryPipeline.validate(question: body.question)
                    try options.validate()
                    let events = pipeline.run(body.question, options: options)
                    return QueryEventStream.response(for: AsyncThrowingStream { continuation in
                        let task = Task {
                            do {
                                for try await event in events {
                                    if case .finished(let result) = event { metrics.query(result.timingsMs) }
                                    continuation.yield(paths.show(event))
                                }
                                continuation.finish()
                            } catch {
                                continuation.finish(throwing: error)
                            }
                        }
                        continuation.onTermination = { _ in task.cancel() }
                    })
                }
                let result = try await pipeline.answer(body.question, options: options)
                metrics.query(result.timingsMs)
                return try paths.show(result).response(from: request, context: context)
            }
        }
        routes.set(router.routes.map { (method: $0.method, path: $0.path.description) })
        return router
    }

    /// The paths of the index's sources, to show them relative to their common folder;
    /// none when the index cannot be read, with a warning in the log saying why.
    private static func sourcePaths(of index: QuarryIndex) async -> [String] {
        do {
            return try await index.store.sources().map(\.path)
        } catch {
            let warning = "cannot list the indexed files to show their paths relative to their folder "
                + "(\(QuarryError(error).message)); answers show the paths as indexed"
            Logger(label: "quarry.serve").warning("\(warning)")
            return []
        }
    }

    /// The ingest that `/v1/documents` writes through: the index's own settings, and the
    /// server's embedder when the index holds embeddings.
    private static func documentIngest(
        index: QuarryIndex, embedder: (any Embedder)?, settings: ServerSettings
    ) async throws -> DocumentIngest {
        let embedded = try await index.store.withSnapshot { try await $0.vectorCount() } > 0
        let pipeline = try IngestPipeline(
            store: index.store, settings: index.settings, embedder: embedded ? (embedder ?? index.embedder) : nil
        )
        return DocumentIngest(pipeline: pipeline, maxBytes: settings.maxBodyBytes)
    }

    /// Runs a server listening on `host:port` with `settings`' timeouts and connection
    /// cap until SIGTERM or SIGINT, after finishing the requests in flight.
    /// - Throws: ``QuarryError`` `.unavailable` saying what to do when it cannot listen
    ///   (a port in use, one this user may not open, an address the machine lacks).
    public static func serve(
        factory: any QueryPipelineSource, defaults: StageChoice, embedder: (any Embedder)?, host: String, port: Int,
        settings: ServerSettings = ServerSettings(), logger: Logger
    ) async throws {
        let app = await makeApplication(
            factory: factory, defaults: defaults, embedder: embedder, host: host, port: port, settings: settings,
            logger: logger
        )
        do {
            try await serviceGroup(running: app, settings: settings, logger: logger, expire: { _exit(0) }).run()
        } catch {
            throw ListenFailure.quarryError(error, host: host, port: port) ?? error
        }
    }

    /// A server listening on `host:port` with `settings`' timeouts and connection cap;
    /// it stops on SIGTERM or SIGINT after finishing the requests in flight.
    public static func makeApplication(
        factory: any QueryPipelineSource, defaults: StageChoice, embedder: (any Embedder)?, host: String, port: Int,
        settings: ServerSettings = ServerSettings(), metrics: ServerMetrics = ServerMetrics(), logger: Logger
    ) async -> some ApplicationProtocol {
        Application(
            router: await makeRouter(
                factory: factory, defaults: defaults, embedder: embedder, settings: settings, metrics: metrics
            ),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [AmbiguousHostHandler(), ClientDepartureHandler()],
                idleTimeout: .nanoseconds(settings.idleTimeout.nanoseconds)
            )),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "quarry",
                availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger)
            ),
            logger: logger
        )
    }
}

extension QueryResult: ResponseEncodable {}
