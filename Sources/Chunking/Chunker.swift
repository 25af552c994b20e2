/// A stage that cuts a document's text into chunks for indexing.
///
/// Chunks come back in document order, do not overlap, and together cover every
/// non-whitespace character of the text.
public protocol Chunker: Sendable {
    /// Cuts `text` into chunks; empty or whitespace-only text gives no chunks.
    /// Async for the chunkers that await a model (the semantic chunker's embedder); the
    /// others compute synchronously and satisfy it as they are.
    /// - Throws: ``ChunkingError`` when the chunker's settings cannot work.
    func chunk(_ text: String) async throws -> [Chunk]
}
