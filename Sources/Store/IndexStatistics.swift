/// Counts of what an index file holds.
public struct IndexStatistics: Sendable, Equatable, Codable {
    public var sources: Int
    public var documents: Int
    public var chunks: Int
    /// Distinct analysed terms of the chunks.
    public var terms: Int

    public init(sources: Int, documents: Int, chunks: Int, terms: Int) {
        self.sources = sources
        self.documents = documents
        self.chunks = chunks
        self.terms = terms
    }
}
