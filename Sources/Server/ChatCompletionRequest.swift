import Generation
import Pipeline
import QuarryCore

/// The body of `POST /v1/chat/completions`, as OpenAI's clients send it. Quarry answers
/// the last user message from the index; earlier turns are accepted and not used.
/// Quarry's own knobs `top_k`, `budget` and the stage fields of ``StageFields``
/// (`selector`, `compression`, `compression_method`, `generator`) may ride along (the
/// official clients pass them with `extra_body`); a `model` of `quarry:NAME` names the
/// generator over a `generator` field.
public struct ChatCompletionRequest: Decodable, Sendable {
    public struct Message: Decodable, Sendable {
        public var role: String
        public var content: String

        enum CodingKeys: String, CodingKey { case role, content }

        /// `content` is a string or an array of parts, of which the `text` parts count.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decode(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decode([Part].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else if try container.decodeNil(forKey: .content) {
                content = ""
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .content, in: container, debugDescription: "must be a string or an array of text parts"
                )
            }
        }

        private struct Part: Decodable {
            var type: String
            var text: String?
        }
    }

    public var model: String?
    public var messages: [Message]
    public var stream: Bool?
    public var maxTokens: Int?
    public var temperature: Float?
    public var topP: Float?
    public var stop: [String]?
    public var topK: Int?
    public var budget: Int?
    /// `selector`, `compression`, `compression_method` and `generator`.
    var stageFields: StageFields

    /// The most messages one request may carry.
    public static let maxMessages = 256

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature, stop, budget
        case maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens", topP = "top_p", topK = "top_k"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        messages = try container.decode([Message].self, forKey: .messages)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
        maxTokens = try container.decodeWholeNumberIfPresent(forKey: .maxTokens)
            ?? container.decodeWholeNumberIfPresent(forKey: .maxCompletionTokens)
        temperature = try container.decodeIfPresent(Float.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Float.self, forKey: .topP)
        if let one = try? container.decode(String.self, forKey: .stop) {
            stop = [one]
        } else {
            stop = try container.decodeIfPresent([String].self, forKey: .stop)
        }
        topK = try container.decodeWholeNumberIfPresent(forKey: .topK)
        budget = try container.decodeWholeNumberIfPresent(forKey: .budget)
        stageFields = try StageFields(from: decoder)
    }

    /// The question: the last user message, checked.
    public func question() throws -> String {
        guard !messages.isEmpty, messages.count <= Self.maxMessages else {
            throw QuarryError.invalidInput("field `messages` must hold 1 to \(Self.maxMessages) messages")
        }
        guard let last = messages.last(where: { $0.role == "user" }) else {
            throw QuarryError.invalidInput("field `messages` has no message with role `user`; put the question in one")
        }
        return try QueryPipeline.validate(question: last.content)
    }

    /// The pipeline options this request asks for.
    var options: QueryOptions {
        let defaults = QueryOptions()
        return QueryOptions(topK: topK ?? defaults.topK, budget: budget ?? defaults.budget)
    }

    /// `base` with this request's writing settings, checked.
    func settings(over base: GenerationSettings) throws -> GenerationSettings {
        var settings = base
        if let maxTokens { settings.maxTokens = maxTokens }
        if let temperature { settings.temperature = temperature }
        if let topP { settings.topP = topP }
        if let stop { settings.stopSequences = stop }
        try settings.validate()
        return settings
    }
}
