import ArgumentParser
import Embedding
import Hummingbird
import Logging
import Pipeline
import Server

/// `quarry serve`: the HTTP API over an index.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: POST /v1/query, POST /v1/chat/completions (OpenAI), GET /v1/models, GET /healthz."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var retrieval: RetrievalOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var openAI: BackendOptions

    @Option(help: "Who answers requests that name no generator: extractive, local (SmolLM2 in-process), openai (see --openai-url).")
    var generator: GeneratorKind = .extractive

    @Option(help: "Embed questions with the local MiniLM model (local) or an OpenAI-compatible server (openai); it must be the model the index was built with.")
    var embedder: EmbedderKind = .local

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var logger = Logger(label: "quarry.serve")
        logger.logLevel = .info
        let embedder = try openAI.queryEmbedder(embedder, retrieval: retrieval)
        let index = try QuarryIndex.open(global.indexURL, kind: retrieval.retriever, embedder: embedder)
        let factory = try generation.factory(index: index, openAI: openAI, generator: generator)
        let defaults = StageChoice(generator: generator)
        _ = try factory.pipeline(defaults)
        let statistics = try index.store.statistics()
        logger.info(
            "serving \(global.index): \(statistics.documents) documents, \(statistics.chunks) chunks, \(index.kind.rawValue) retrieval, generator \(generator.rawValue); index changes are picked up live"
        )
        let app = QuarryServer.makeApplication(
            factory: factory, defaults: defaults, embedder: embedder, host: host,
            port: port, logger: logger
        )
        try await app.runService()
    }
}
