import ArgumentParser
import Embedding
import Logging
import Pipeline
import Server

/// `quarry serve`: the HTTP API over an index.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: /v1/query, /v1/chat/completions (OpenAI), /v1/models, /v1/documents, "
            + "/healthz, /readyz, /metrics, /openapi.json."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var retrieval: RetrievalOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var openAI: BackendOptions
    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp(
        "Who answers requests that name no generator: extractive, local (SmolLM2 in-process), openai "
            + "(see --openai-url)."
    ))
    var generator: GeneratorKind = .extractive

    @Option(help: ArgumentHelp(
        "Embed questions with the local MiniLM model (local) or an OpenAI-compatible server (openai); "
            + "it must be the model the index was built with."
    ))
    var embedder: EmbedderKind = .local

    func run() async throws {
        // A URL Quarry cannot take is refused before anything loads.
        _ = try global.location
        let options = try await server.resolve()
        if options.jsonLogs {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        }
        var logger = Logger(label: "quarry.serve")
        logger.logLevel = .info
        var loadFailure: (any Error)?
        let embedder = try await openAI.queryEmbedder(embedder, retrieval: retrieval) { loadFailure = $0 }
        // A model that could not be loaded still answers for itself: /v1/embeddings, dense
        // or hybrid queries and writes to an index with embeddings get 503 saying so, not
        // "this server has no embedder".
        let served = embedder ?? loadFailure.map {
            UnavailableEmbedder(modelName: LocalBertEmbedder.defaultModelName, error: $0)
        }
        let index = try await retrieval.open(global, embedder: served, following: true, progress: { logger.info("\($0)") })
        let factory = try generation.factory(index: index, openAI: openAI, generator: generator)
        let defaults = StageChoice(generator: generator)
        _ = try factory.pipeline(defaults)
        let size = try await index.store.size()
        let serving = "serving \(global.indexName): \(size.documents) documents, \(size.chunks) chunks, "
            + "\(index.kind.rawValue) retrieval, generator \(generator.rawValue); index changes are picked up live"
        logger.info("\(serving)")
        if options.settings.authToken == nil && !["127.0.0.1", "localhost", "::1"].contains(options.host) {
            let warning = "listening on \(options.host) without a token: anyone who can reach this port can query, "
                + "push and delete documents; set QUARRY_AUTH_TOKEN or --auth-token-file"
            logger.warning("\(warning)")
        }
        try await QuarryServer.serve(
            factory: factory, defaults: defaults, embedder: served, host: options.host,
            port: options.port, settings: options.settings, logger: logger
        )
    }
}
