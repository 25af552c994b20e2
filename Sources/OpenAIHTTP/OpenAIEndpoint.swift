import Foundation
import QuarryCore

/// Where an OpenAI-compatible server is and how to talk to it: the base URL up to and
/// including `/v1`, the model name, an API key, timeouts and retries. One value
/// configures the chat generator and the embedder alike, through ``OpenAIHTTPClient``.
public struct OpenAIEndpoint: Sendable, Equatable {
    /// For example `http://127.0.0.1:8081/v1` or `https://api.openai.com/v1`.
    public var baseURL: URL
    public var model: String
    public var apiKey: String?
    /// Seconds to wait for the server to start answering, and between streamed pieces;
    /// also the longest `Retry-After` waited for.
    public var timeout: TimeInterval
    /// Retries of a request that failed to connect or got 429/5xx, with exponential back-off.
    public var retries: Int
    /// The first back-off in seconds (doubled on every retry; a longer `Retry-After` wins).
    public var backoff: TimeInterval

    public init(
        baseURL: URL, model: String, apiKey: String? = nil, timeout: TimeInterval = 60, retries: Int = 2,
        backoff: TimeInterval = 0.5
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
    }

    /// `baseURL` + `path` (`chat/completions`, `embeddings`).
    public func url(_ path: String) -> URL {
        baseURL.appendingPathComponent(path)
    }

    /// Checks the settings; the message names the option at fault.
    public func validate() throws {
        guard let scheme = baseURL.scheme?.lowercased(), ["http", "https"].contains(scheme), baseURL.host != nil else {
            throw QuarryError.invalidInput(
                "the OpenAI base URL \(baseURL.absoluteString) must be an http(s) URL like http://127.0.0.1:8081/v1"
            )
        }
        guard !model.isEmpty else {
            throw QuarryError.invalidInput("name the OpenAI model with --openai-model or QUARRY_OPENAI_MODEL")
        }
        guard timeout > 0, timeout <= 3600 else {
            throw QuarryError.invalidInput("the OpenAI timeout must be between 0 and 3600 seconds")
        }
        guard (0...10).contains(retries) else {
            throw QuarryError.invalidInput("the OpenAI retries must be between 0 and 10")
        }
    }
}
