import ArgumentParser
import Embedding
import Foundation
import Generation
import OpenAIHTTP

/// Where an OpenAI-compatible server is, for `--generator openai` and `--embedder openai`.
/// Each flag falls back to an environment variable, so a key need not be typed on a
/// command line: `QUARRY_OPENAI_BASE_URL` (else `OPENAI_BASE_URL`), `QUARRY_OPENAI_MODEL`,
/// `QUARRY_OPENAI_EMBEDDING_MODEL`, `QUARRY_OPENAI_API_KEY` (else `OPENAI_API_KEY`).
struct BackendOptions: ParsableArguments {
    @Option(name: .customLong("openai-url"), help: "Base URL of an OpenAI-compatible server, up to /v1 (default: $QUARRY_OPENAI_BASE_URL, $OPENAI_BASE_URL, else http://127.0.0.1:8081/v1).")
    var url: String?

    @Option(name: .customLong("openai-model"), help: "The chat model to ask for with --generator openai (default: $QUARRY_OPENAI_MODEL).")
    var model: String?

    @Option(name: .customLong("openai-embedding-model"), help: "The embedding model to ask for with --embedder openai (default: $QUARRY_OPENAI_EMBEDDING_MODEL).")
    var embeddingModel: String?

    @Option(name: .customLong("openai-api-key"), help: "API key sent as a bearer token (default: $QUARRY_OPENAI_API_KEY, else $OPENAI_API_KEY; prefer the environment).")
    var apiKey: String?

    @Option(name: .customLong("openai-timeout"), help: "Seconds to wait for the server to answer, and between streamed pieces.")
    var timeout: Double = 60

    @Option(name: .customLong("openai-retries"), help: "Retries, with exponential back-off, of a request the server refused with 429/5xx or that could not connect.")
    var retries: Int = 2

    /// The default base URL: a llama.cpp server on the port after Quarry's own.
    static let defaultURL = "http://127.0.0.1:8081/v1"

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--openai-timeout must be between 0 and 3600 seconds") }
        guard (0...10).contains(retries) else { throw ValidationError("--openai-retries must be between 0 and 10") }
    }

    /// The server settings for `model` (a flag value or nil), falling back to `variable`.
    func endpoint(model: String?, variable: String, flag: String) throws -> OpenAIEndpoint {
        let environment = ProcessInfo.processInfo.environment
        let base = url ?? environment["QUARRY_OPENAI_BASE_URL"] ?? environment["OPENAI_BASE_URL"] ?? Self.defaultURL
        guard let baseURL = URL(string: base) else { throw ValidationError("--openai-url \(base) is not a URL") }
        guard let name = model ?? environment[variable], !name.isEmpty else {
            throw ValidationError("name the model with \(flag) or \(variable)")
        }
        let key = apiKey ?? environment["QUARRY_OPENAI_API_KEY"] ?? environment["OPENAI_API_KEY"]
        let endpoint = OpenAIEndpoint(baseURL: baseURL, model: name, apiKey: key, timeout: timeout, retries: retries)
        try endpoint.validate()
        return endpoint
    }

    /// The chat server for `--generator openai`.
    func chatEndpoint() throws -> OpenAIEndpoint {
        try endpoint(model: model, variable: "QUARRY_OPENAI_MODEL", flag: "--openai-model")
    }

    /// The embedder for `--embedder openai` (asks the server once for the width).
    func embedder() async throws -> OpenAIEmbedder {
        let endpoint = try endpoint(
            model: embeddingModel, variable: "QUARRY_OPENAI_EMBEDDING_MODEL", flag: "--openai-embedding-model"
        )
        return try await OpenAIEmbedder(endpoint: endpoint)
    }
}
