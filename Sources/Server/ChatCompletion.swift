import Foundation
import Hummingbird
import QuarryCore

/// The JSON of `POST /v1/chat/completions`: a whole `chat.completion`, or the
/// `chat.completion.chunk`s of a stream. Citations travel in top-level fields
/// `citations` and `citation_flags`, which OpenAI's official clients keep as extra
/// fields of the response object (`completion.citations` in Python) — on the
/// completion, and on the last chunk of a stream.
struct ChatCompletion: Encodable, ResponseEncodable {
    struct Choice: Encodable {
        struct Message: Encodable {
            var role: String?
            var content: String?
        }
        var index = 0
        var message: Message?
        var delta: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey { case index, message, delta, finishReason = "finish_reason" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encodeIfPresent(message, forKey: .message)
            try container.encodeIfPresent(delta, forKey: .delta)
            // `finish_reason` is always present: null until the last chunk.
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    var id: String
    var object: String
    var created: Int
    var model: String
    var choices: [Choice]
    var citations: [Citation]?
    var citationFlags: [CitationFlag]?
    /// The tokens read and written: on the completion, and on the last chunk of a stream.
    var usage: Usage?

    /// OpenAI's `usage`.
    struct Usage: Encodable {
        var promptTokens: Int
        var completionTokens: Int
        var totalTokens: Int

        init?(_ usage: TokenUsage?) {
            guard let usage else { return nil }
            promptTokens = usage.promptTokens
            completionTokens = usage.completionTokens
            totalTokens = usage.promptTokens + usage.completionTokens
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, citations, usage, citationFlags = "citation_flags"
    }

    /// `length` when the token limit cut the answer, else `stop`.
    static func finishReason(_ result: QueryResult) -> String { result.truncated ? "length" : "stop" }

    /// The whole answer.
    static func completion(id: String, model: String, result: QueryResult) -> ChatCompletion {
        ChatCompletion(
            id: id, object: "chat.completion", created: now, model: model,
            choices: [
                Choice(message: .init(role: "assistant", content: result.answer), finishReason: finishReason(result)),
            ],
            citations: result.citations, citationFlags: result.citationFlags, usage: Usage(result.usage)
        )
    }

    /// One streamed piece: `text`, or the end with the citations when `result` is given.
    static func chunk(
        id: String, model: String, text: String? = nil, role: String? = nil, result: QueryResult? = nil
    ) -> ChatCompletion {
        ChatCompletion(
            id: id, object: "chat.completion.chunk", created: now, model: model,
            choices: [Choice(delta: .init(role: role, content: text), finishReason: result.map(finishReason))],
            citations: result?.citations, citationFlags: result?.citationFlags, usage: Usage(result?.usage)
        )
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }

    static func newID() -> String {
        "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}

/// `GET /v1/models`: the generators a request may name as its `model`.
struct ModelList: ResponseEncodable {
    struct Model: Encodable {
        var id: String
        var object = "model"
        var created = 0
        var ownedBy = "quarry"
        enum CodingKeys: String, CodingKey { case id, object, created, ownedBy = "owned_by" }
    }
    var object = "list"
    var data: [Model]
}
