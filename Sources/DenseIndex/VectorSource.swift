/// Where exact re-scoring reads full-precision vectors from: SQLite blobs, a memory
/// map or an array. Indexes never need the float vectors in RAM. Called from
/// several search threads at once, so implementations must be thread-safe.
public protocol VectorSource: Sendable {
    /// The vector of each id, in the order of `ids`; nil for an id the source no
    /// longer has (deleted while a search ran), which re-scoring then leaves out.
    func vectors(for ids: [Int64]) throws -> [[Float]?]
}
