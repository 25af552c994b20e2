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
    /// How long a document write (`POST /v1/documents`) may work before it stops, writes
    /// nothing and answers 503.
    public var ingestTimeout: Duration = .seconds(60)
    /// How long a stopping server (SIGTERM, SIGINT) lets requests in flight finish
    /// before it cancels them.
    public var shutdownGrace: Duration = .seconds(10)
    /// Requests that may generate with the in-process decoder (`generator: local`) at once.
    public var decoderSlots: Int = 2
    /// Requests that may use the encoder at once: `/v1/embeddings` and document writes
    /// (chunking and embedding).
    public var encoderSlots: Int = 2
    /// Requests that may wait for a decoder or an encoder slot (each); more get 503.
    public var queueDepth: Int = 16
    /// How long a request waits for a slot before it gets 503 with `Retry-After`.
    public var queueTimeout: Duration = .seconds(20)
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
    /// Browser origins (`scheme://host[:port]`) besides the server's own that may send
    /// writes (POST, PUT, PATCH, DELETE); the `corsOrigin` one (unless `*`) may as well.
    public var allowedOrigins: [String] = []
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers name the real client.
    public var trustedProxies: TrustedProxies = .none
    /// Failed bearer tokens a client may send per minute; past it, 429 until the minute ends.
    public var authFailuresPerMinute: Int = 10
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
