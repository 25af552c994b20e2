/// The retrievers a user can choose.
public enum RetrieverKind: String, Sendable, Codable, CaseIterable {
    /// Words: BM25 over the analysed chunk text.
    case bm25
    /// Meaning: the question's embedding against the dense index.
    case dense
    /// Both, fused (``HybridFusion``).
    case hybrid
}
