/// Where exact re-scoring reads full-precision vectors from: SQLite blobs, a memory
/// map or an array. Indexes never need the float vectors in RAM. A source read by one
/// query (an open read transaction, which belongs to its thread) need not be
/// `Sendable`; the batch search that reads one from several threads asks for it.
public protocol VectorSource {
    /// The vector of each id, in the order of `ids`; nil for an id the source no
    /// longer has (deleted while a search ran), which re-scoring then leaves out.
    func vectors(for ids: [Int64]) throws -> [[Float]?]
}
