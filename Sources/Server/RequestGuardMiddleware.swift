import Foundation
import Hummingbird
import QuarryCore

/// What every request passes before a route sees it, cheapest check first:
///
/// 1. its `Host` is one of the allowed hosts (when configured; else 421), so a web page
///    cannot reach a loopback server through DNS rebinding;
/// 2. it carries the bearer token (when configured; else 401 with `WWW-Authenticate:
///    Bearer`), except the probes `/healthz` and `/readyz` and the web page's files
///    (``WebPage/paths``): ``BearerTokenAuthenticator``
///    (hummingbird-auth), added before this middleware, sets the context's identity;
/// 3. its client has fewer than the per-client limit of requests in flight (else 429);
/// 4. a body is JSON (`application/json`; multipart as well on `/v1/documents`; else
///    415), announces no more than the body limit (else 413 before reading), and
///    arrives whole within the body timeout (else 408), so a client that announces
///    10 MB and sends 10 bytes loses its request instead of holding a worker.
struct RequestGuardMiddleware: RouterMiddleware {
    typealias Context = QuarryRequestContext

    let settings: ServerSettings
    private let limiter: ClientConcurrencyLimiter
    /// Routes a load balancer probes, open without a token and outside the client limit.
    static let probes: Set<String> = ["/healthz", "/readyz"]
    /// Routes whose bodies may be multipart uploads as well as JSON.
    static let uploadRoutes: Set<String> = ["/v1/documents"]

    init(settings: ServerSettings) {
        self.settings = settings
        limiter = ClientConcurrencyLimiter(limit: settings.maxRequestsPerClient)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try checkHost(request)
        let path = request.uri.path
        let probe = Self.probes.contains(path)
        // The web page's own files hold no data: a browser navigating to it cannot send a token.
        if settings.authToken != nil, !probe, !WebPage.paths.contains(path), context.identity == nil {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                            message: "send the server's token as `Authorization: Bearer <token>`")
        }
        let client = context.clientAddress ?? "local"
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
            var response = try await next(request, context)
            guard !probe else { return response }
            // A streamed answer holds its slot until its last event is written.
            let body = response.body
            let limiter = limiter
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer { limiter.leave(client) }
                try await body.write(writer)
            }
            return response
        } catch {
            if !probe { limiter.leave(client) }
            throw error
        }
    }

    private func checkHost(_ request: Request) throws {
        guard !settings.allowedHosts.isEmpty else { return }
        // HTTP/1 puts `Host` in the authority; a request built in-process may carry the header.
        let host = request.headers.first { $0.name.canonicalName == "host" }?.value ?? request.head.authority ?? ""
        let name = host.split(separator: ":").first.map(String.init) ?? host
        let candidates = [host.lowercased(), name.lowercased()]
        guard settings.allowedHosts.contains(where: { candidates.contains($0.lowercased()) }) else {
            throw HTTPError(.misdirectedRequest, message: "host `\(host)` is not served here")
        }
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

