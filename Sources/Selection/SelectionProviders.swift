/// Unit-length text embeddings for the reward's embedding terms. Selection does not load
/// models; `Pipeline` adapts the index's embedder and stored chunk vectors to this.
public protocol SelectionEmbeddings: Sendable {
    /// The question's vector and one vector per chunk (in order), all of one width and
    /// L2-normalised. `questionVector` is the question's embedding from retrieval (nil when
    /// the retriever did not embed it: then the question is embedded here).
    func vectors(
        question: String, questionVector: [Float]?, chunkIDs: [Int64], texts: [String]
    ) async throws -> (question: [Float], chunks: [[Float]])
}

/// The language model's view of how well a context explains the question
/// (LongLLMLingua's signal); `Pipeline` adapts the generator's decoder to this.
public protocol QuestionLikelihood: Sendable {
    /// Mean log-probability per question token of `question` following each context, in order.
    func meanLogLikelihood(question: String, contexts: [String]) async throws -> [Double]
}
