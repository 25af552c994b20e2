import SparseIndex
import Store

/// Sparse retrieval: the question analysed like the chunks were, scored with BM25.
public struct BM25Retriever: Retriever {
    public let index: BM25Index
    private let analyzer: Analyzer

    public init(index: BM25Index, analyzer: Analyzer = Analyzer()) {
        self.index = index
        self.analyzer = analyzer
    }

    /// Builds the in-memory index from the postings persisted in `store`.
    public static func load(from store: QuarryStore, parameters: BM25Parameters) throws -> BM25Retriever {
        var index = BM25Index(parameters: parameters)
        for chunk in try store.allPostings() {
            index.add(id: chunk.chunkID, frequencies: chunk.frequencies, length: chunk.termCount)
        }
        index.prepare()
        return BM25Retriever(index: index)
    }

    public func retrieve(_ question: String, k: Int) throws -> [ScoredID] {
        index.search(analyzer.terms(question), k: k)
    }
}
