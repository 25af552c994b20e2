import Generation
import QuarryCore

/// The index's embedder as the extractive generator's ``SentenceRelevance``: the
/// question's vector (embedded once per query, shared with retrieval) against each
/// sentence's, both unit length, so their dot product is the cosine.
public struct EmbeddingSentenceRelevance: SentenceRelevance {
    public let index: QuarryIndex

    /// Relevance by `index`'s embedder; an index without one yields no relevance.
    public init?(index: QuarryIndex) {
        guard index.embedder != nil else { return nil }
        self.index = index
    }

    public func similarities(question: String, sentences: [String]) async throws -> [Float] {
        guard let embedder = index.embedder, let query = try await index.questionVector(question) else {
            throw QuarryError(.internal, "sentence relevance needs the index's embedder")
        }
        return try await embedder.embed(sentences).map { vector in zip(query, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
