import Chunking
import Embedding

/// The index's embedder (MiniLM) as the semantic chunker's sentence embedder.
public struct EmbedderSentenceEmbedder: SentenceEmbedder {
    public let embedder: any Embedder

    /// Embeds sentences with `embedder`.
    public init(_ embedder: any Embedder) {
        self.embedder = embedder
    }

    /// One vector per text, in order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await embedder.embed(texts)
    }
}
