/// The body of `POST /v1/query`.
public struct QueryRequest: Decodable, Sendable {
    /// The question to answer (required, 1 to `maxQuestionLength` characters).
    public var question: String
    /// How many chunks to retrieve (1–1000, default 10).
    public var topK: Int?
    /// The most context tokens handed to the generator (16–131072, default 1024).
    public var budget: Int?

    /// The longest question accepted, in characters.
    public static let maxQuestionLength = 4000

    enum CodingKeys: String, CodingKey {
        case question, topK = "top_k", budget
    }
}
