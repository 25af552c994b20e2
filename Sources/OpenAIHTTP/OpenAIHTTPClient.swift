import AsyncHTTPClient
import Foundation
import NIOCore
import QuarryCore

/// The HTTP side of every call Quarry makes to an OpenAI-compatible server (chat
/// completions, embeddings), on the process's pooled AsyncHTTPClient
/// (``OpenAIConnections``): the JSON request with the bearer key, the timeout (for the
/// answer to begin, and between two pieces of it), cancellation (a cancelled task stops
/// its request), retries with exponential back-off on connection failures,
/// 429 and 5xx (waiting at least as long as a `Retry-After` asks, and giving up at once
/// when it asks for longer than the endpoint's timeout), and OpenAI error bodies turned
/// into ``QuarryError``s that say what to do (``OpenAIFailure``).
public struct OpenAIHTTPClient: Sendable {
    public let endpoint: OpenAIEndpoint
    /// The most bytes of an error body read for its message.
    static let errorBodyLimit = 64 << 10

    public init(endpoint: OpenAIEndpoint) {
        self.endpoint = endpoint
    }

    /// POSTs `body` (JSON) to `path` under the base URL and returns what `read` makes of the
    /// 2xx answer, retrying as the type's summary says; an ``OpenAIRetryable`` that `read`
    /// throws is retried too. A non-2xx answer that is not retried, or is retried to the
    /// end, throws its ``OpenAIFailure``.
    /// - Parameter bodyLimit: the most bytes ``OpenAIResponse/body()`` reads.
    public func post<Result>(
        _ path: String, json body: Data, accept: String = "application/json", bodyLimit: Int,
        read: (OpenAIResponse) async throws -> Result
    ) async throws -> Result {
        let request = makeRequest(path, body: body, accept: accept)
        var attempt = 0
        while true {
            do {
                let response = try await open(request, bodyLimit: bodyLimit)
                let result = try await read(response)
                await response.drain(upTo: Self.errorBodyLimit)
                return result
            } catch let failure as OpenAIRetryable {
                guard attempt < endpoint.retries else { throw failure.error }
                let backoff = endpoint.backoff * Double(1 << attempt)
                if let asked = failure.retryAfter, asked > endpoint.timeout {
                    throw QuarryError(
                        failure.error.kind,
                        failure.error.message + " (it asks to retry after \(Int(asked.rounded(.up))) s, "
                            + "longer than the \(Int(endpoint.timeout)) s of --openai-timeout)"
                    )
                }
                attempt += 1
                try await Task.sleep(for: .seconds(max(backoff, failure.retryAfter ?? 0)))
            }
        }
    }

    /// POSTs `body` (JSON) to `path` and decodes the whole answer as `Reply`; an answer that
    /// does not decode is an `.upstream` error saying it is not `what`, where it is not, and
    /// how the answer began.
    public func post<Reply: Decodable>(
        _ path: String, json body: Data, bodyLimit: Int, decoding _: Reply.Type, what: String
    ) async throws -> Reply {
        try await post(path, json: body, bodyLimit: bodyLimit) { response in
            let data = try await response.body()
            do {
                return try JSONDecoder().decode(Reply.self, from: data)
            } catch {
                throw QuarryError(
                    .upstream, "\(response.url) did not answer with \(what) (\(OpenAIFailure.decoding(error))): "
                        + OpenAIFailure.preview(data)
                )
            }
        }
    }

    func makeRequest(_ path: String, body: Data, accept: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.url(path).absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: accept)
        if let key = endpoint.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// Sends `request` once on the pooled client and waits for its head: a 2xx answer to
    /// read on, or a thrown failure (``OpenAIRetryable`` for what is worth another try).
    /// Cancelling the calling task stops the request and closes its connection.
    private func open(_ request: HTTPClientRequest, bodyLimit: Int) async throws -> OpenAIResponse {
        let url = request.url
        let timeout = TimeAmount.nanoseconds(Int64(endpoint.timeout * 1e9))
        let client = OpenAIConnections.client(readTimeout: timeout)
        let head: HTTPClientResponse
        do {
            head = try await client.execute(request, timeout: timeout)
        } catch {
            throw try OpenAIFailure.retryable(error, url: url, timeout: endpoint.timeout)
        }
        let response = OpenAIResponse(url: url, response: head, bodyLimit: bodyLimit, timeout: endpoint.timeout)
        let status = response.status
        if (200...299).contains(status) { return response }
        let failure = OpenAIFailure.status(status, body: try await errorBody(of: response), url: url)
        if status == 429 || (500...599).contains(status) {
            let retryAfter = RetryAfter.seconds(
                header: head.headers.first(name: "Retry-After"), milliseconds: head.headers.first(name: "Retry-After-Ms")
            )
            throw OpenAIRetryable(error: failure, retryAfter: retryAfter)
        }
        throw failure
    }

    /// The first ``errorBodyLimit`` bytes of a refusal's body; what arrived when the connection broke.
    private func errorBody(of response: OpenAIResponse) async throws -> Data {
        var body = Data()
        do {
            while body.count < Self.errorBodyLimit, let piece = try await response.nextPiece() {
                body.append(piece)
            }
        } catch is OpenAIRetryable {
            // The status says what happened; a body cut short still gives what it has.
        }
        return body.prefix(Self.errorBodyLimit)
    }
}
