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
        let index = try QuarryIndex.open(global.indexURL, kind: retrieval.retriever, embedder: embedder)
        let statistics = try index.store.statistics()
        logger.info(
            "serving \(global.index): \(statistics.documents) documents, \(statistics.chunks) chunks, \(index.kind.rawValue) retrieval; index changes are picked up live"
        )
        let app = QuarryServer.makeApplication(
            factory: PipelineFactory(index: index), defaults: StageChoice(), embedder: embedder, host: host,
            port: port, logger: logger
        )
        try await app.runService()
    }
}
