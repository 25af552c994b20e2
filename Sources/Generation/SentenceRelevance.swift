/// How close each sentence's meaning is to a question's, beside the lexical overlap the
/// extractive generator counts itself: Quarry's embedder (MiniLM, trained on
/// question–answer pairs) behind a protocol, so `Generation` needs no embedding model.
public protocol SentenceRelevance: Sendable {
    /// One similarity per sentence, in order (cosine for normalised embeddings; higher is
    /// closer). `questionVector` is the question's embedding from retrieval, nil when the
    /// retriever did not embed it.
    func similarities(question: String, questionVector: [Float]?, sentences: [String]) async throws -> [Float]
}
