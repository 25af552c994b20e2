import Pipeline

/// The body of `POST /v1/query`.
public struct QueryRequest: Decodable, Sendable {
    /// The question to answer (required, at most `QueryPipeline.maxQuestionBytes` bytes).
    public var question: String
    /// How many chunks to retrieve (1–1000, default 10).
    public var topK: Int?
    /// The most context tokens handed to the generator (16–131072, default 1024).
    public var budget: Int?
    /// The stage fields `retriever`, `selector`, `compression`, `compression_method` and `generator`
    /// (``StageFields``); absent compression is `auto` (``CompressionPolicy``, by
    /// generator and context size) and absent generator the server's (`extractive`).
    var stageFields: StageFields
    /// Stream the answer as server-sent events instead of one JSON document.
    public var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case question, topK = "top_k", budget, stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        topK = try container.decodeWholeNumberIfPresent(forKey: .topK)
        budget = try container.decodeWholeNumberIfPresent(forKey: .budget)
        stageFields = try StageFields(from: decoder)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
    }

    /// The stages this request asks for, `defaults` where it names none.
    func stages(defaults: StageChoice) -> StageChoice {
        stageFields.stages(over: defaults)
    }

    /// The pipeline options this request asks for.
    var options: QueryOptions {
        let defaults = QueryOptions()
        return QueryOptions(topK: topK ?? defaults.topK, budget: budget ?? defaults.budget)
    }
}
