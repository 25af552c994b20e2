import AsyncHTTPClient
import Foundation
import NIOCore
import QuarryCore

/// A successful (2xx) answer from an OpenAI-compatible server whose body is still to be
/// read, piece by piece as it arrives (a server-sent-event stream) or whole (JSON).
///
/// The body is read as the caller asks for it: AsyncHTTPClient stops reading from the
/// socket while unread pieces wait (back-pressure), so a fast server cannot fill memory
/// ahead of a slow reader. A connection that breaks or goes quiet while the body is read
/// throws ``OpenAIRetryable``, which ``OpenAIHTTPClient`` retries when it leaves the
/// reader; a reader that has already passed something on throws its `error` instead.
public final class OpenAIResponse {
    /// The request's URL, for messages.
    public let url: String
    public let status: Int
    /// The `Content-Type`, lowercased.
    public let contentType: String
    /// The most bytes ``body()`` reads.
    public let bodyLimit: Int
    private var pieces: HTTPClientResponse.Body.AsyncIterator
    private let timeout: TimeInterval

    init(url: String, response: HTTPClientResponse, bodyLimit: Int, timeout: TimeInterval) {
        self.url = url
        status = Int(response.status.code)
        contentType = (response.headers.first(name: "content-type") ?? "").lowercased()
        self.bodyLimit = bodyLimit
        self.timeout = timeout
        pieces = response.body.makeAsyncIterator()
    }

    /// Whether the body is a server-sent-event stream (`text/event-stream`).
    public var isEventStream: Bool { contentType.contains("text/event-stream") }

    /// The next piece of the body as it arrived; nil at its end.
    public func nextPiece() async throws -> Data? {
        do {
            return try await pieces.next().map { Data($0.readableBytesView) }
        } catch {
            throw try OpenAIFailure.retryable(error, url: url, timeout: timeout)
        }
    }

    /// Reads what is left of the body (a stream's last bytes after its `[DONE]`), so its
    /// connection goes back to the pool for the next request; a rest over `limit` bytes,
    /// or one that fails, closes the connection instead.
    func drain(upTo limit: Int) async {
        var left = limit
        while left > 0, let piece = try? await nextPiece() {
            left -= piece.count
        }
    }

    /// The rest of the body; refused with an `.upstream` error past ``bodyLimit`` bytes, so a
    /// server that is not what it claims cannot fill memory.
    public func body() async throws -> Data {
        var body = Data()
        while let piece = try await nextPiece() {
            body.append(piece)
            guard body.count <= bodyLimit else {
                throw QuarryError(
                    .upstream, "\(url) answered more than \(bodyLimit) bytes; is it an OpenAI-compatible server?"
                )
            }
        }
        return body
    }
}

/// A failure worth another try: the connection failed or broke, or the server answered
/// 429 or 5xx (saying, perhaps, how long to wait). ``OpenAIHTTPClient`` retries it while
/// retries remain, then throws `error`.
public struct OpenAIRetryable: Error {
    /// What the caller gets when no retry is left.
    public var error: QuarryError
    /// How long the server asked to wait (`Retry-After`), if it said.
    public var retryAfter: TimeInterval?

    public init(error: QuarryError, retryAfter: TimeInterval? = nil) {
        self.error = error
        self.retryAfter = retryAfter
    }
}
