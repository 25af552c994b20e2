import SparseIndex

/// Finds the chunks most relevant to a question, best first.
public protocol Retriever: Sendable {
    /// The `k` best chunk ids with their scores, in descending score order.
    func retrieve(_ question: String, k: Int) throws -> [ScoredID]
}

/// The retrievers a user can choose.
public enum RetrieverKind: String, Sendable, Codable, CaseIterable {
    /// Words: BM25 over the analysed chunk text.
    case bm25
    /// Meaning: the question's embedding against the dense index.
    case dense
    /// Both, fused by reciprocal rank.
    case hybrid
}
