/// One chunk's row of the inverted index, as read back to build the in-memory BM25 index.
public struct ChunkPostings: Sendable {
    public var chunkID: Int64
    /// The BM25 document length: the number of analysed terms.
    public var termCount: Int
    public var frequencies: [String: Int]

    public init(chunkID: Int64, termCount: Int, frequencies: [String: Int]) {
        self.chunkID = chunkID
        self.termCount = termCount
        self.frequencies = frequencies
    }
}
