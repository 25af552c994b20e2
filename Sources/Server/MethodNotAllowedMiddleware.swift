import Foundation
import Hummingbird
import Synchronization

/// Turns the router's 404 for a path that exists under other methods into 405 with an
/// `Allow` header, so `GET /v1/query` says "use POST" instead of "no such page".
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The registered routes, filled in once registration is done.
    let routes: RouteList

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = routes.methods(matching: request.uri.path)
            guard !methods.isEmpty, !methods.contains(request.method) else { throw error }
            var allowed = methods.map(\.rawValue)
            if methods.contains(.get) { allowed.append("HEAD") }
            throw HTTPError(.methodNotAllowed, headers: [.allow: allowed.sorted().joined(separator: ", ")],
                            message: "\(request.uri.path) answers \(allowed.sorted().joined(separator: ", ")), "
                                + "not \(request.method)")
        }
    }
}

/// The router's routes as (method, path pattern) pairs; a pattern segment starting with
/// `:` or `{` matches any one segment.
final class RouteList: Sendable {
    /// Set once before the server starts.
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func set(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        let parsed = routes.map { (method: $0.method, segments: $0.path.split(separator: "/")) }
        self.routes.withLock { $0 = parsed }
    }

    /// The methods some route answers at `path`.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { $0 }.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == segment
            }
        }.map(\.method)
    }
}
