/// A stage that cuts a document's text into chunks for indexing.
///
/// Chunks come back in document order, do not overlap, and together cover every
/// non-whitespace character of the text.
public protocol Chunker: Sendable {
    /// Cuts `text` into chunks; empty or whitespace-only text gives no chunks.
    /// - Throws: ``ChunkingError`` when the chunker's settings cannot work.
    func chunk(_ text: String) throws -> [Chunk]
}
