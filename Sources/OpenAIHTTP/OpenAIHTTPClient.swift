import Foundation
import QuarryCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP side of every call Quarry makes to an OpenAI-compatible server (chat
/// completions, embeddings), through Foundation's URLSession: the JSON request with the
/// bearer key, the timeout, retries with exponential back-off on connection failures,
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
                return try await read(try await open(request, bodyLimit: bodyLimit))
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

    func makeRequest(_ path: String, body: Data, accept: String) -> URLRequest {
        var request = URLRequest(url: endpoint.url(path), timeoutInterval: endpoint.timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let key = endpoint.apiKey, !key.isEmpty {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        request.httpBody = body
        return request
    }

    /// Sends `request` once and waits for its head: a 2xx answer to read on, or a thrown
    /// failure (``OpenAIRetryable`` for what is worth another try).
    private func open(_ request: URLRequest, bodyLimit: Int) async throws -> OpenAIResponse {
        let url = request.url?.absoluteString ?? endpoint.baseURL.absoluteString
        var parts = HTTPByteStream.open(request, timeout: endpoint.timeout).makeAsyncIterator()
        let head: HTTPByteStream.Part?
        do {
            head = try await parts.next()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            throw OpenAIRetryable(error: OpenAIFailure.transport(error, url: url, timeout: endpoint.timeout))
        }
        guard case .head(let status, let contentType, let retryAfter) = head else {
            throw OpenAIRetryable(error: QuarryError(.upstream, "\(url) closed the connection without an answer"))
        }
        let response = OpenAIResponse(
            url: url, status: status, contentType: contentType, bodyLimit: bodyLimit, timeout: endpoint.timeout,
            parts: parts
        )
        if (200...299).contains(status) { return response }
        let failure = OpenAIFailure.status(status, body: try await errorBody(of: response), url: url)
        if status == 429 || (500...599).contains(status) {
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
