/// The retrievers a user can choose.
public enum RetrieverKind: String, Sendable, Codable, CaseIterable {
    /// Words: BM25 over the analysed chunk text (`BM25Retriever`).
    case bm25
    /// Meaning: the question's embedding against the dense index (`DenseRetriever`).
    case dense
    /// Both, fused (`HybridRetriever`, ``HybridFusion``).
    case hybrid
}

extension RetrieverKind {
    /// This kind's retriever over `index`'s live state.
    func retriever(over index: QuarryIndex) -> any IndexRetriever {
        switch self {
        case .bm25: BM25Retriever(index: index)
        case .dense: DenseRetriever(index: index)
        case .hybrid: HybridRetriever(index: index)
        }
    }
}
