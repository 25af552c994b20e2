/// A sentence embedding model as the semantic chunker needs it.
public protocol SentenceEmbedder: Sendable {
    /// One vector per text, in order, all of the same width.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
