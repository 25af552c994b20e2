/// The first stage: finds the chunks that may answer a question.
public protocol Retriever: Sendable {
    /// The `k` best chunks for `question`, best first, all read from one generation
    /// of the index.
    func retrieve(_ question: String, k: Int) async throws -> Retrieval
}

/// What a retriever returns: chunks, the index generation they were read at, and the
/// question as the retriever embedded it.
public struct Retrieval: Sendable, Equatable {
    public var chunks: [RetrievedChunk]
    /// The index's write generation the whole result was read from (0 when the
    /// retriever has no notion of generations).
    public var generation: Int64
    /// The highest cosine similarity between the question's embedding and any chunk's,
    /// from retrievers that embed the question (nil for BM25 alone): an absolute measure
    /// of how well the index covers the question, where fused scores are only relative.
    public var bestSimilarity: Float?
    /// The question's embedding the retriever compared chunks with (nil when it did not
    /// embed the question: BM25), handed on so the later stages that compare meanings
    /// (MCTS selection's reward, snippet relevance) do not embed the question again.
    public var questionVector: [Float]?

    public init(chunks: [RetrievedChunk], generation: Int64, bestSimilarity: Float? = nil, questionVector: [Float]? = nil) {
        self.chunks = chunks
        self.generation = generation
        self.bestSimilarity = bestSimilarity
        self.questionVector = questionVector
    }
}
