/// What an index keeps for one vector, for the store to persist as one row: the
/// inverted list it belongs to and its code. Re-inserting the entries into an index
/// loaded from the same parameters rebuilds it without retraining.
public struct IndexEntry: Sendable, Hashable {
    /// The caller's id (a chunk id).
    public var id: Int64
    /// The inverted list (coarse centroid); 0 for indexes without lists.
    public var list: Int32
    /// The code: PQ bytes, or for `FlatIndex` the vector as little-endian float32 bytes.
    public var code: [UInt8]

    /// An entry for `id` in `list` with `code`.
    public init(id: Int64, list: Int32, code: [UInt8]) {
        self.id = id
        self.list = list
        self.code = code
    }
}
