/// Counts of what an index file holds.
public struct IndexStatistics: Sendable, Equatable, Codable {
    public var sources: Int
    public var documents: Int
    public var chunks: Int
    /// Distinct analysed terms: those of the sealed BM25 segments and of the chunks
    /// added since (a term whose chunks were all removed counts until its segment merges).
    public var terms: Int

    public init(sources: Int, documents: Int, chunks: Int, terms: Int) {
        self.sources = sources
        self.documents = documents
        self.chunks = chunks
        self.terms = terms
    }
}
