import Foundation

/// What an operator tunes about `quarry serve`: limits, timeouts, access and what the
/// responses reveal. The defaults are safe on a laptop; `ServerOptions` fills them from
/// flags, environment and a config file.
public struct ServerSettings: Sendable, Equatable {
    /// Largest request body in bytes (JSON or upload); larger ones get 413.
    public var maxBodyBytes: Int = 16 << 20
    /// How long a client may take to send a request body before it gets 408.
    public var bodyTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may sit idle (or a new one send nothing) before it is closed.
    public var idleTimeout: Duration = .seconds(15)
    /// Most connections open at once; further clients wait in the listen backlog until
    /// the idle timeout frees a place. Keep it below the process's file limit.
    public var maxConnections: Int = 2048
    /// Most requests one client address may have in flight; more get 429.
    public var maxRequestsPerClient: Int = 8
    /// Most UTF-8 bytes one `/v1/embeddings` request may ask to embed, over all inputs.
    public var maxEmbeddingBytes: Int = 64 << 10
    /// The bearer token every route but `/healthz` and `/readyz` requires; nil: no auth.
    public var authToken: String?
    /// `Host` header values (host or host:port) accepted; empty accepts any.
    public var allowedHosts: [String] = []
    /// The origin allowed to call the API from a browser (`*` for any); nil turns CORS off.
    public var corsOrigin: String?
    /// How document paths appear in answers and `/healthz`.
    public var paths: DocumentPathStyle = .relative
    /// Whether `GET /` serves the web page (``WebPage``); `--no-ui` turns it off.
    public var webPage: Bool = true

    public init() {}
}

/// How the server shows the paths of indexed files.
public enum DocumentPathStyle: String, Sendable, Equatable, CaseIterable {
    /// Relative to the folder the index's files share (their longest common folder).
    case relative
    /// As indexed: absolute server paths.
    case absolute
}
