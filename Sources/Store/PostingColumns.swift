/// Every chunk's postings in column form, read in one ordered pass over the `chunks`
/// and `chunk_terms` tables (``StoreSnapshot/postingColumns()``): chunk `c` (id
/// `chunkIDs[c]`, ascending) has the postings `chunkStarts[c]..<chunkStarts[c + 1]`
/// of `termRows` (indices into `terms`) and `frequencies`.
public struct PostingColumns: Sendable {
    public var chunkIDs: [Int64] = []
    /// Each chunk's BM25 length (its number of analysed terms).
    public var termCounts: [Int] = []
    public var chunkStarts: [Int] = [0]
    public var termRows: [Int32] = []
    public var frequencies: [Int32] = []
    /// The distinct terms, in the order chunks first use them.
    public var terms: [String] = []
}
