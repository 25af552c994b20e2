import DenseIndex
import QuarryCore
import Store

/// Words and meaning: the BM25 and dense rankings, each ``HybridFusion/depth`` deep (at
/// least `k`), fused by the index's ``HybridFusion``. The dense side re-scores as many
/// candidates as a dense top `k` would (``DenseRetriever/rank(vector:k:refiningFor:state:vectors:)``),
/// not the refine factor times the depth. The question's vector and the best
/// similarity are the dense ranking's.
struct HybridRetriever: IndexRetriever {
    let words: BM25Retriever
    let meaning: DenseRetriever
    let fusion: HybridFusion

    init(index: QuarryIndex) {
        words = BM25Retriever(index: index)
        meaning = DenseRetriever(index: index)
        fusion = index.fusion
    }

    var index: QuarryIndex { meaning.index }

    func questionVector(_ question: String) async throws -> [Float]? {
        try await meaning.questionVector(question)
    }

    func rank(
        _ question: String, vector: [Float]?, k: Int, state: IndexState, vectors: any VectorSource
    ) throws -> (hits: [ScoredID], bestSimilarity: Float?) {
        let depth = max(k, fusion.depth)
        let dense = try meaning.rank(vector: vector, k: depth, refiningFor: k, state: state, vectors: vectors)
        let sparse = try words.rank(question, vector: vector, k: depth, state: state, vectors: vectors)
        return (fusion.fuse(sparse: sparse.hits, dense: dense.hits, k: k), dense.bestSimilarity)
    }
}
