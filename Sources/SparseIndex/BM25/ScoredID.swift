/// A document id with its score for one query.
public struct ScoredID: Sendable, Equatable {
    /// The id the document was added with.
    public var id: Int64
    /// Its BM25 score: higher is more relevant.
    public var score: Float

    /// A scored id.
    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }

    /// True when `self` ranks before `other`: a higher score, or the same score and a smaller id.
    func ranks(before other: ScoredID) -> Bool {
        score > other.score || (score == other.score && id < other.id)
    }
}
