import DenseIndex
import QuarryCore
import Store

/// Meaning: the question's embedding (the index's embedder) against the dense index, the
/// best candidates re-scored exactly from the stored float vectors when the index's
/// spec says so (`Refine`).
struct DenseRetriever: IndexRetriever {
    let index: QuarryIndex

    func questionVector(_ question: String) async throws -> [Float]? {
        try await index.embedder?.embed(question: question)
    }

    func rank(
        _ question: String, vector: [Float]?, k: Int, state: IndexState, vectors: any VectorSource
    ) throws -> (hits: [ScoredID], bestSimilarity: Float?) {
        try rank(vector: vector, k: k, refiningFor: k, state: state, vectors: vectors)
    }

    /// The `k` best chunks by meaning, where the caller keeps only its best `wanted`
    /// after combining them with another ranking (hybrid fusion ranks 100 deep for a
    /// top 10): the spec's refine factor applies to `wanted`, so `max(k, wanted ×
    /// factor)` candidates are re-scored exactly rather than `k × factor`. Each
    /// re-scored candidate is a vector read from the file, and on storage slow at
    /// random reads those reads were most of a hybrid query at a million chunks.
    /// `vectors` reads them at the state's generation; when they cannot be read (a
    /// shared store out of reach, ``VectorsUnreachable``), the codes' ranking stands.
    func rank(
        vector: [Float]?, k: Int, refiningFor wanted: Int, state: IndexState, vectors: any VectorSource
    ) throws -> (hits: [ScoredID], bestSimilarity: Float?) {
        guard let vector, let dense = state.dense, dense.count > 0 else { return ([], nil) }
        let neighbors: [Neighbor]
        if let refine = dense.spec.refineFactor {
            let shortlist = max(k, min(wanted, k) * refine)
            do {
                neighbors = try dense.search(query: vector, k: k, refiningWith: vectors, factor: (shortlist + k - 1) / k)
            } catch is VectorsUnreachable {
                neighbors = try dense.search(query: vector, k: k)
            }
        } else {
            neighbors = try dense.search(query: vector, k: k)
        }
        let hits = neighbors.map { ScoredID(id: $0.id, score: $0.score) }
        return (hits, hits.first?.score)
    }
}
