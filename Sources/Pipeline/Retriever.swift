import SparseIndex

/// Finds the chunks most relevant to a question, best first.
public protocol Retriever: Sendable {
    /// The `k` best chunk ids with their scores, in descending score order.
    func retrieve(_ question: String, k: Int) -> [ScoredID]
}
