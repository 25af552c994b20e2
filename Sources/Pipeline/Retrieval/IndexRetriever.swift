import DenseIndex
import QuarryCore
import Store

/// A ``Retriever`` over an open ``QuarryIndex``: it ranks chunk ids inside one in-memory
/// state of the index and stored vectors of the same generation, which the index
/// hands it kept current (``QuarryIndex/ranked(readingText:_:)``: catching up with writes,
/// reloading after a seal), so no ranking mixes two generations. A conformer only ranks; embedding
/// the question first and reading the ranked chunks' text in the same snapshot are
/// shared (the extension below). ``RetrieverKind/retriever(over:)`` names each kind's.
protocol IndexRetriever: Retriever {
    /// The index whose live state this retriever ranks.
    var index: QuarryIndex { get }

    /// `question`'s embedding when this retriever compares meanings; nil when it ranks by words alone.
    func questionVector(_ question: String) async throws -> [Float]?

    /// The `k` best chunks for `question` (embedded as `vector`) in `state`, best first,
    /// and, when the question was compared by meaning, the best dense score (cosine: the
    /// vectors are L2-normalised) of any chunk; `vectors` reads stored vectors at
    /// `state`'s generation. Throws ``StoredSegmentGone`` when a seal dropped a BM25
    /// segment `state` holds, ``VectorsNeeded`` for vectors a shared store's read has
    /// not fetched yet (``QuarryIndex/ranked(readingText:_:)`` handles both).
    func rank(
        _ question: String, vector: [Float]?, k: Int, state: IndexState, vectors: any VectorSource
    ) throws -> (hits: [ScoredID], bestSimilarity: Float?)

    /// The `k` best chunk ids for `question`, best first, without reading their text (for
    /// evaluation and benchmarks). By default ranked inside ``QuarryIndex/ranked(readingText:_:)``.
    func rank(_ question: String, k: Int) async throws -> [ScoredID]
}

extension IndexRetriever {
    /// The `k` best chunks for `question` with their text, all read at one generation, and
    /// the question's vector when it was embedded: the question is embedded first, then the
    /// index read.
    func retrieve(_ question: String, k: Int) async throws -> Retrieval {
        let vector = try await questionVector(question)
        let read = try await index.ranked(readingText: true) { [self] state, vectors in
            try rank(question, vector: vector, k: k, state: state, vectors: vectors)
        }
        let scores = Dictionary(uniqueKeysWithValues: read.hits.map { ($0.id, $0.score) })
        let retrieved = read.chunks.enumerated().map { offset, chunk in
            RetrievedChunk(
                chunkID: chunk.id, document: chunk.document, title: chunk.title, byteStart: chunk.byteStart,
                byteEnd: chunk.byteEnd, text: chunk.text, tokens: chunk.tokenCount,
                score: scores[chunk.id] ?? 0, rank: offset + 1
            )
        }
        return Retrieval(
            chunks: retrieved, generation: read.generation, bestSimilarity: read.bestSimilarity, questionVector: vector
        )
    }

    func rank(_ question: String, k: Int) async throws -> [ScoredID] {
        let vector = try await questionVector(question)
        return try await index.ranked(readingText: false) { [self] state, vectors in
            try rank(question, vector: vector, k: k, state: state, vectors: vectors)
        }.hits
    }
}
