/// One search result: a stored id and its score under the index's metric.
public struct Neighbor: Sendable, Hashable {
    /// The id given to `add(ids:vectors:)`.
    public var id: Int64
    /// The inner product for `.innerProduct` (larger is closer) or the squared
    /// Euclidean distance for `.l2` (smaller is closer). Results come closest first.
    public var score: Float

    /// A result for `id` with `score`.
    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}
