/// An id with a score, larger is better: a retrieved chunk, a search neighbour, a
/// candidate token. The one scored-id type every stage and index shares.
public struct ScoredID: Sendable, Hashable, Codable {
    public var id: Int64
    public var score: Float

    @inlinable
    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }

    /// The ranking order: higher score first, equal scores by ascending id, so every
    /// ranking is deterministic.
    @inlinable
    public func ranks(before other: ScoredID) -> Bool {
        score != other.score ? score > other.score : id < other.id
    }
}
