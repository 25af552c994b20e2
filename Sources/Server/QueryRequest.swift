import Pipeline

/// The body of `POST /v1/query`.
public struct QueryRequest: Decodable, Sendable {
    /// The question to answer (required, at most `QueryPipeline.maxQuestionBytes` bytes).
    public var question: String
    /// How many chunks to retrieve (1–1000, default 10).
    public var topK: Int?
    /// The most context tokens handed to the generator (16–131072, default 1024).
    public var budget: Int?
    /// Stream the answer as server-sent events instead of one JSON document.
    public var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case question, topK = "top_k", budget, stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        topK = try Self.wholeNumber(container, .topK)
        budget = try Self.wholeNumber(container, .budget)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
    }

    /// A JSON number that must be a whole number in Int's range; `2.5` or `1e40` get
    /// a message that says so rather than a parse error.
    private static func wholeNumber(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
        guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.rounded() == value, let whole = Int(exactly: value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "must be a whole number, got \(value)"
            )
        }
        return whole
    }

    /// The pipeline options this request asks for.
    var options: QueryOptions {
        let defaults = QueryOptions()
        return QueryOptions(topK: topK ?? defaults.topK, budget: budget ?? defaults.budget)
    }
}
