/// The answer to one question with everything that led to it (the JSON of
/// `quarry ask --json` and `POST /v1/query`).
public struct QueryResult: Sendable, Codable, Equatable {
    public var question: String
    public var answer: String
    public var citations: [Citation]
    /// Every chunk retrieval returned, best first.
    public var retrieved: [RetrievedChunk]
    /// The ids of the chunks handed to the generator.
    public var selected: [Int64]
    public var contextTokens: Int
    public var generator: String
    /// Milliseconds per stage: `retrieve`, `select`, `generate`, `total`.
    public var timingsMs: [String: Double]

    enum CodingKeys: String, CodingKey {
        case question, answer, citations, retrieved, selected, generator
        case contextTokens = "context_tokens"
        case timingsMs = "timings_ms"
    }
}
