import DenseIndex
import QuarryCore
import Store

/// Words: BM25 over the analysed chunk text (``BM25Index``), the postings of the sealed
/// segments read from the file per query (a shared store's are all in memory). Embeds nothing.
struct BM25Retriever: IndexRetriever {
    let index: QuarryIndex

    func questionVector(_ question: String) async throws -> [Float]? { nil }

    func rank(
        _ question: String, vector: [Float]?, k: Int, state: IndexState, vectors: any VectorSource
    ) throws -> (hits: [ScoredID], bestSimilarity: Float?) {
        (try search(question, k: k, state: state), nil)
    }

    /// BM25 needs nothing from the file once the in-memory index is current: one cached
    /// statement checks that, at most every ``QuarryIndex/freshnessInterval``, instead of
    /// a read transaction per ranking.
    func rank(_ question: String, k: Int) async throws -> [ScoredID] {
        if let hits = try index.readCurrent({ try search(question, k: k, state: $0) }) { return hits }
        return try await index.ranked(readingText: false) { [self] state, _ in
            (try search(question, k: k, state: state), nil)
        }.hits
    }

    /// The `k` best chunks for `question` in `state`. Throws ``StoredSegmentGone`` when a
    /// seal dropped a segment `state` holds.
    private func search(_ question: String, k: Int, state: IndexState) throws -> [ScoredID] {
        let terms = index.analyzer.terms(question)
        return try state.bm25.resolved(for: terms).search(terms, k: k)
    }
}
