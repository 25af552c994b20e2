import QuarryCore

/// What happened to one question in `quarry eval qa`: a line of `--dump`, so failures
/// can be read.
public struct QAOutcome: Sendable, Codable, Equatable {
    /// A retrieved chunk, as the dump shows it.
    public struct Chunk: Sendable, Codable, Equatable {
        public var chunkID: Int64
        /// The dataset's document id.
        public var document: String
        public var rank: Int
        public var tokens: Int

        enum CodingKeys: String, CodingKey {
            case chunkID = "chunk_id", document, rank, tokens
        }
    }

    public var id: String
    public var question: String
    public var answers: [String]
    public var retrieved: [Chunk]
    /// The chunk ids handed to the generator, in context order.
    public var selected: [Int64]
    public var contextTokens: Int
    /// The context text the generator reads (after compression), passages joined by a
    /// blank line.
    public var context: String
    /// Whether a gold answer is in the context.
    public var survived: Bool
    public var supportingIDs: [String]
    /// The supporting documents with a chunk in the context.
    public var supportFound: [String]
    public var hasSpans: Bool
    /// The rank of the best retrieved chunk holding a gold answer span; nil if none does.
    public var spanRank: Int?
    public var answer: String
    public var em: Double
    public var f1: Double
    /// Whether a gold answer's words are contiguous in the answer (citation markers removed).
    public var contained: Bool
    /// The answer's length in SQuAD-normalised words.
    public var answerWords: Int
    public var ms: Double
    /// The sources the answer cites, and how many of them hold a gold answer.
    public var citations: Int
    public var citationsWithAnswer: Int
    /// Whether the answer carries the `cites_nothing` flag.
    public var citesNothing: Bool
    /// Each stage's milliseconds (nil in dumps written before it was recorded).
    public var timingsMs: StageTimings?
    /// Whether the pipeline judged the question answerable, and the similarity it judged
    /// by (``Answerability``; nil in older dumps and for BM25 alone).
    public var answerable: Bool?
    public var bestSimilarity: Float?

    enum CodingKeys: String, CodingKey {
        case id, question, answers, retrieved, selected, context, survived, answer, em, f1, ms, citations, contained
        case answerWords = "answer_words"
        case citationsWithAnswer = "citations_with_answer", citesNothing = "cites_nothing"
        case contextTokens = "context_tokens", supportingIDs = "supporting_ids", supportFound = "support_found"
        case hasSpans = "has_spans", spanRank = "span_rank", timingsMs = "timings_ms"
        case answerable, bestSimilarity = "best_similarity"
    }
}
