/// An optional stage between retrieval and selection: orders the retrieved chunks again,
/// with a signal retrieval cannot afford over the whole index (a cross-encoder reading
/// question and chunk together, say). Selection chooses from the order it returns.
public protocol Reranker: Sendable {
    /// `retrieval`'s chunks for `question`, best first, with their new scores and ranks
    /// (some may be dropped); the generation, best similarity and question vector are
    /// kept unless the reranker knows better.
    func rerank(question: String, retrieval: Retrieval) async throws -> Retrieval
}
