import Foundation
import HTTPTypes
import Hummingbird
import QuarryCore

/// What every request passes before a route sees it, cheapest check first. The client
/// is the peer, or behind a trusted proxy the address it forwards (``TrustedProxies``).
///
/// 1. its `Host` is one of the allowed hosts (when configured; else 421), so a web page
///    cannot reach a loopback server through DNS rebinding;
/// 2. a write (POST, PUT, PATCH, DELETE) a browser sends for another site is refused
///    with 403 (``CrossSiteWriteRule``), so a page the user visits cannot write here;
/// 3. it carries the bearer token (when configured; else 401 with `WWW-Authenticate:
///    Bearer`), except the probes `/healthz` and `/readyz` and the web page's files
///    (``WebPage/paths``): ``BearerTokenAuthenticator`` (hummingbird-auth), added
///    before this middleware, sets the context's identity; a client past the wrong
///    tokens allowed per minute gets 429 (``AuthFailureThrottle``);
/// 4. its client has fewer than the per-client limit of requests in flight (else 429);
/// 5. a body is JSON (`application/json`; multipart as well on `/v1/documents`; else
///    415), announces no more than the body limit (else 413 before reading), and
///    arrives whole within the body timeout (else 408), so a client that announces
///    10 MB and sends 10 bytes loses its request instead of holding a worker.
struct RequestGuardMiddleware: RouterMiddleware {
    typealias Context = QuarryRequestContext

    let settings: ServerSettings
    private let limiter: ClientConcurrencyLimiter
    private let crossSite: CrossSiteWriteRule
    private let throttle: AuthFailureThrottle
    /// Routes a load balancer probes, open without a token and outside the client limit.
    static let probes: Set<String> = ["/healthz", "/readyz"]
    /// Routes whose bodies may be multipart uploads as well as JSON.
    static let uploadRoutes: Set<String> = ["/v1/documents"]

    init(settings: ServerSettings) {
        self.settings = settings
        limiter = ClientConcurrencyLimiter(limit: settings.maxRequestsPerClient)
        throttle = AuthFailureThrottle(limit: settings.authFailuresPerMinute)
        crossSite = CrossSiteWriteRule(allowedOrigins: settings.allowedOrigins + [settings.corsOrigin].compactMap {
            $0 == "*" ? nil : $0
        })
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let host = try checkHost(request)
        let (client, scheme) = settings.trustedProxies.client(
            peer: context.clientAddress ?? "local", forwarded: request.headers[Self.forwarded],
            forwardedFor: request.headers[Self.forwardedFor], forwardedProto: request.headers[Self.forwardedProto]
        )
        try crossSite.check(request, scheme: scheme, host: host)
        let path = request.uri.path
        let probe = Self.probes.contains(path)
        // The web page's own files hold no data: a browser navigating to it cannot send a token.
        if settings.authToken != nil, !probe, !WebPage.paths.contains(path) {
            try checkToken(request, context: context, client: client)
        }
        if !probe {
            guard limiter.enter(client) else {
                throw HTTPError(.tooManyRequests, headers: [.retryAfter: "1"],
                                message: "this client already has \(limiter.limit) requests in flight; "
                                    + "wait for one to finish")
            }
        }
        var request = request
        var context = context
        context.bodyLimit = settings.maxBodyBytes
        do {
            if [.post, .put, .patch].contains(request.method) {
                try checkContentType(request, path: path)
                request.body = .init(buffer: try await collectBody(request))
            }
            let response = try await next(request, context)
            guard !probe else { return response }
            // A streamed answer holds its slot until its last event is written.
            let limiter = limiter
            return response.onBodyWritten { limiter.leave(client) }
        } catch {
            if !probe { limiter.leave(client) }
            throw error
        }
    }

    /// Refuses a request without the server's token (401), and every request of a client
    /// that sent too many wrong tokens in the last minute (429); logs each wrong token.
    private func checkToken(_ request: Request, context: Context, client: String) throws {
        if let wait = throttle.blocked(client) {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(wait)],
                            message: "this client sent more than \(throttle.limit) wrong tokens in a minute; "
                                + "wait \(wait) s and send the right one")
        }
        guard context.identity == nil else { return }
        if request.headers[.authorization] != nil {
            let failures = throttle.fail(client)
            context.logger.warning("wrong bearer token", metadata: [
                "client": .string(client), "failures_this_minute": .stringConvertible(failures),
            ])
        }
        throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                        message: "send the server's token as `Authorization: Bearer <token>`")
    }

    private static let forwarded = HTTPField.Name("Forwarded")!
    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    private static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    /// The request's `Host` value, checked against the allowed hosts.
    private func checkHost(_ request: Request) throws -> String {
        // HTTP/1 puts `Host` in the authority; a request built in-process may carry the header.
        let host = request.headers.first { $0.name.canonicalName == "host" }?.value ?? request.head.authority ?? ""
        guard !settings.allowedHosts.isEmpty else { return host }
        let name = host.split(separator: ":").first.map(String.init) ?? host
        let candidates = [host.lowercased(), name.lowercased()]
        guard settings.allowedHosts.contains(where: { candidates.contains($0.lowercased()) }) else {
            throw HTTPError(.misdirectedRequest, message: "host `\(host)` is not served here")
        }
        return host
    }

    private func checkContentType(_ request: Request, path: String) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let accepted = Self.uploadRoutes.contains(path)
            ? ["application/json", "multipart/form-data"] : ["application/json"]
        guard accepted.contains(type) else {
            let wanted = accepted.map { "`\($0)`" }.joined(separator: " or ")
            throw HTTPError(.unsupportedMediaType,
                            message: "send the body as \(wanted)\(type.isEmpty ? "" : ", not `\(type)`")")
        }
    }

    /// The whole body, refused early when its announced length is over the limit and
    /// cut off when it does not arrive within the body timeout.
    private func collectBody(_ request: Request) async throws -> ByteBuffer {
        let limit = settings.maxBodyBytes
        if let announced = request.headers[.contentLength].flatMap(Int.init), announced > limit {
            throw HTTPError(.contentTooLarge, headers: [.connection: "close"],
                            message: "request body is \(announced) bytes, over this server's limit of \(limit)")
        }
        let body = request.body
        let timeout = settings.bodyTimeout
        // The read and a timer race in one task group; when the timer wins, cancelling
        // the read ends the connection's inbound stream, and the group waits for the
        // read to return, so the stream never has two readers (NIO traps on that).
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: limit)
                } catch let error as HTTPError where error.status == .contentTooLarge {
                    throw HTTPError(.contentTooLarge, headers: [.connection: "close"],
                                    message: "request body is over this server's limit of \(limit) bytes")
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // The HTTP parser refused the body's framing (`Transfer-Encoding: xchunked`).
                    throw HTTPError(.badRequest, headers: [.connection: "close"],
                                    message: "the request body could not be read (\(error)); send it with a "
                                        + "Content-Length or `Transfer-Encoding: chunked`")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw HTTPError(.requestTimeout, headers: [.connection: "close"],
                                message: "the request body did not arrive within \(timeout); send it at once")
            }
            return buffer
        }
    }
}

