import Embedding
import Generation
import QuarryCore

/// The index's embedder as the extractive generator's ``SentenceRelevance``: the
/// question's vector (retrieval's, embedded here only when retrieval did not embed the
/// question) against each sentence's, both unit length, so their dot product is the cosine.
public struct EmbeddingSentenceRelevance: SentenceRelevance {
    public let embedder: any Embedder

    /// Relevance by `index`'s embedder; an index without one yields no relevance.
    public init?(index: QuarryIndex) {
        guard let embedder = index.embedder else { return nil }
        self.embedder = embedder
    }

    public func similarities(question: String, questionVector: [Float]?, sentences: [String]) async throws -> [Float] {
        let query = if let questionVector { questionVector } else { try await embedder.embed(question: question) }
        return try await embedder.embed(sentences).map { vector in zip(query, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
