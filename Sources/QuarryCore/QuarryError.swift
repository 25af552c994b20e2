/// Quarry's one error model. Every failure a user can meet is, or converts to, a
/// `QuarryError` whose ``Kind`` decides both the CLI's exit status (1 for the user's
/// mistakes, 2 for Quarry's own faults) and the HTTP status, in one place.
///
/// The message names what is at fault (file, option, request field) and what to do.
public struct QuarryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is; decides exit code and HTTP status.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A bad option, request field, question or input file: 400, exit 1.
        case invalidInput
        /// Something named does not exist (an index file, a document id): 404, exit 1.
        case notFound
        /// The index was built with other settings or models than asked for: 409, exit 1.
        case conflict
        /// A request body over the limit: 413, exit 1.
        case tooLarge
        /// A request body that is not JSON: 415, exit 1.
        case unsupportedMediaType
        /// A needed part is missing or busy (model not installed, index locked, disk full,
        /// index file damaged or read-only): 503, exit 1.
        case unavailable
        /// A backend server (generator, embedder) failed or answered garbage: 502, exit 1.
        case upstream
        /// A backend server did not answer in time: 504, exit 1.
        case upstreamTimeout
        /// Quarry's own fault (a broken invariant, a corrupt index): 500, exit 2.
        case `internal`

        /// The HTTP status code for this kind.
        public var httpStatus: Int {
            switch self {
            case .invalidInput: 400
            case .notFound: 404
            case .conflict: 409
            case .tooLarge: 413
            case .unsupportedMediaType: 415
            case .unavailable: 503
            case .upstream: 502
            case .upstreamTimeout: 504
            case .internal: 500
            }
        }

        /// The CLI exit status: 1 for anything the user can fix, 2 for Quarry's fault.
        public var exitCode: Int32 { self == .internal ? 2 : 1 }
    }

    public var kind: Kind
    /// One line: what is wrong and what to do.
    public var message: String
    /// Seconds after which trying again may succeed (a busy index, a full disk), sent as
    /// HTTP `Retry-After`; nil where retrying does not help.
    public var retryAfter: Int?

    public init(_ kind: Kind, _ message: String, retryAfter: Int? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    /// A user mistake (400 / exit 1).
    public static func invalidInput(_ message: String) -> QuarryError { QuarryError(.invalidInput, message) }

    public var description: String { message }

    /// `error` as a `QuarryError`: itself, a ``QuarryErrorConvertible``'s conversion,
    /// or an internal error carrying its description.
    public init(_ error: any Error) {
        switch error {
        case let error as QuarryError: self = error
        case let error as any QuarryErrorConvertible: self = error.quarryError
        case is CancellationError: self = QuarryError(.unavailable, "the request was cancelled")
        default: self = QuarryError(.internal, String(describing: error))
        }
    }
}

/// An error type of one module that knows which ``QuarryError`` it is, so module
/// errors keep their own shape (a loader error names a file, a dense-index error its
/// spec) while exit codes and HTTP statuses come from one place.
public protocol QuarryErrorConvertible: Error {
    var quarryError: QuarryError { get }
}
