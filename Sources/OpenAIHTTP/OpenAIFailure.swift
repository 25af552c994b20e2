import AsyncHTTPClient
import Foundation
import QuarryCore

/// Turns what went wrong talking to an OpenAI-compatible server into a ``QuarryError``
/// whose message names the URL, what the server said and what to do: `.upstream` (502)
/// for a refusal, a failure or garbage, `.upstreamTimeout` (504) when it did not answer in time.
public enum OpenAIFailure {
    /// A non-2xx answer: the message from its body (OpenAI's `{"error": {"message"}}`, or the
    /// `error`, `message` or `detail` other servers send, else the body's first bytes) and advice
    /// for the status.
    public static func status(_ status: Int, body: Data, url: String) -> QuarryError {
        QuarryError(.upstream, "\(url) answered HTTP \(status): \(message(in: body)); \(advice(for: status))")
    }

    /// A failure to connect, or a connection that broke or went quiet for `timeout` seconds.
    static func transport(_ error: any Error, url: String, timeout: TimeInterval) -> QuarryError {
        if let failure = error as? HTTPClientError,
            [.readTimeout, .deadlineExceeded, .connectTimeout].contains(failure)
        {
            return QuarryError(
                .upstreamTimeout,
                "\(url) did not answer within \(Int(timeout)) s; raise --openai-timeout or check the server"
            )
        }
        return QuarryError(
            .upstream, "cannot reach \(url): \(error); check the base URL and that the server runs"
        )
    }

    /// What a request that failed on its way becomes: `CancellationError` when the calling
    /// task was cancelled (the request was stopped for it), else an ``OpenAIRetryable``
    /// transport failure.
    static func retryable(_ error: any Error, url: String, timeout: TimeInterval) throws -> OpenAIRetryable {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
        return OpenAIRetryable(error: transport(error, url: url, timeout: timeout))
    }

    /// What to do about an answer with `status`.
    static func advice(for status: Int) -> String {
        switch status {
        case 401, 403: "check the API key (--openai-api-key, QUARRY_OPENAI_API_KEY or OPENAI_API_KEY)"
        case 404: "check the base URL (up to /v1, as --openai-url) and the model name"
        case 413: "send fewer or shorter texts"
        case 429: "the server is limiting requests; try again later or raise --openai-retries"
        case 500...599: "the server failed; check its log, or raise --openai-retries if it recovers"
        default: "check the model name and the settings sent"
        }
    }

    /// Where and why an answer did not decode: `choices[0].message: expected String`.
    static func decoding(_ error: any Error) -> String {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .typeMismatch(_, let found)?, .valueNotFound(_, let found)?, .keyNotFound(_, let found)?,
             .dataCorrupted(let found)?:
            context = found
        default:
            return String(describing: error)
        }
        var place = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        if case .keyNotFound(let key, _)? = error as? DecodingError { place += "." + key.stringValue }
        let field = place.hasPrefix(".") ? String(place.dropFirst()) : place
        return field.isEmpty ? context.debugDescription : "\(field): \(context.debugDescription)"
    }

    /// The error message an OpenAI-compatible server put in `body`.
    public static func message(in body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            let error = object["error"]
            let candidates: [Any?] = [
                (error as? [String: Any])?["message"], error, object["message"], object["detail"],
                ((object["detail"] as? [Any])?.first as? [String: Any])?["msg"],
            ]
            if let found = candidates.lazy.compactMap({ $0 as? String }).first(where: { !$0.isEmpty }) {
                return String(found.prefix(500))
            }
        }
        return preview(body)
    }

    /// The first bytes of `data` on one line, for a message.
    public static func preview(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "(empty body)" : text
    }
}
