import Hummingbird
import HummingbirdAuth
import NIOCore

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
    /// The connection the request came on.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
        channel = source.channel
    }

    /// Tells when this request's client leaves; nil for a connection without a
    /// ``ClientDepartureHandler`` (an in-process test).
    func clientDeparture() async -> ClientDeparture? {
        try? await channel.pipeline.handler(type: ClientDepartureHandler.self).map(\.departure).get()
    }

    public var maxUploadSize: Int { bodyLimit }
}
