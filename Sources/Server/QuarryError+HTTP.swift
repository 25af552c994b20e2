import Hummingbird
import QuarryCore

/// A `QuarryError` renders as the HTTP status its kind names, with the message in
/// Hummingbird's error body (`{"error":{"message":…}}`) and `Retry-After` when it has one.
extension QuarryError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: kind.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let headers: HTTPFields = retryAfter.map { [.retryAfter: String($0)] } ?? [:]
        return try HTTPError(status, headers: headers, message: message).response(from: request, context: context)
    }
}
