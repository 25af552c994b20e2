import Embedding
import QuarryCore
import Selection

/// Selection's embeddings from an index: the question's vector as retrieval computed it
/// (embedded here, through the index's embedder, only when retrieval did not: BM25), the
/// chunks from their stored vectors (embedded afresh only when a chunk has none), all
/// L2-normalised.
public struct IndexSelectionEmbeddings: SelectionEmbeddings {
    public let index: QuarryIndex
    public let embedder: any Embedder

    /// Nil when the index has no embedder.
    public init?(index: QuarryIndex) {
        guard let embedder = index.embedder else { return nil }
        self.index = index
        self.embedder = embedder
    }

    public func vectors(
        question: String, questionVector: [Float]?, chunkIDs: [Int64], texts: [String]
    ) async throws -> (question: [Float], chunks: [[Float]]) {
        let stored = try await index.vectors(for: chunkIDs)
        let missing = stored.indices.filter { stored[$0] == nil || stored[$0]?.count != embedder.dimensions }
        let fresh = missing.isEmpty ? [] : try await embedder.embed(missing.map { texts[$0] })
        var chunks = stored.map { $0 ?? [] }
        for (offset, position) in missing.enumerated() { chunks[position] = fresh[offset] }
        let query = if let questionVector { questionVector } else { try await embedder.embed(question: question) }
        return (Self.normalised(query), chunks.map(Self.normalised))
    }

    private static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}

extension MCTSSelector {
    /// The MCTS selector with the evidence reward over `index`: with its embedder (and
    /// stored vectors) when it has one, on words and retrieval scores alone otherwise.
    public init(index: QuarryIndex, settings: SearchSettings = .init()) {
        let embeddings = IndexSelectionEmbeddings(index: index)
        self.init(reward: EvidenceReward(embeddings: embeddings), settings: settings)
    }
}
