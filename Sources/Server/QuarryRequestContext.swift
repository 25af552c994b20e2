import Hummingbird
import HummingbirdAuth

/// The request context of Quarry's routes: Hummingbird's core context plus the
/// client's address (for per-client limits), the body limit the guard middleware
/// set for this request, and who ``BearerTokenAuthenticator`` authenticated it as.
public struct QuarryRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set when the request carries the server's bearer token; nil without one or without auth.
    public var identity: TokenHolder?
    /// The connected peer's IP address; nil when the channel has none (tests).
    public let clientAddress: String?
    /// Bytes a handler may read from the body (``RequestGuardMiddleware`` sets it).
    public var bodyLimit: Int = 2 << 20

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { bodyLimit }
}
