import ArgumentParser
import Hummingbird
import Logging
import Pipeline
import Server

/// `quarry serve`: the HTTP API over an index.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: POST /v1/query, GET /healthz."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var retrieval: RetrievalOptions

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
        let embedder = try retrieval.embedder()
        let pipeline = QueryPipeline(index: try QuarryIndex.open(global.indexURL, kind: retrieval.retriever, embedder: embedder))
        let statistics = try pipeline.index.store.statistics()
        logger.info(
            "serving \(global.index): \(statistics.documents) documents, \(statistics.chunks) chunks, \(pipeline.index.kind.rawValue) retrieval"
        )
        let app = QuarryServer.makeApplication(pipeline: pipeline, embedder: embedder, host: host, port: port, logger: logger)
        try await app.runService()
    }
}
