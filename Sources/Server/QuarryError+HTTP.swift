import Hummingbird
import QuarryCore

/// A `QuarryError` renders as the HTTP status its kind names, with the message in
/// Hummingbird's error body (`{"error":{"message":…}}`).
extension QuarryError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: kind.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, message: message).response(from: request, context: context)
    }
}
