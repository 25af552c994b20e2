/// How close each sentence's meaning is to a question's, beside the lexical overlap the
/// extractive generator counts itself: Quarry's embedder (MiniLM, trained on
/// question–answer pairs) behind a protocol, so `Generation` needs no embedding model.
public protocol SentenceRelevance: Sendable {
    /// One similarity per sentence, in order (cosine for normalised embeddings; higher is closer).
    func similarities(question: String, sentences: [String]) async throws -> [Float]
}
