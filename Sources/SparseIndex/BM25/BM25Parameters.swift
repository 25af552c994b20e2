/// The two free parameters of BM25.
public struct BM25Parameters: Sendable, Codable, Equatable {
    /// Term-frequency saturation: larger values let repeats count for longer.
    public var k1: Float = 1.5
    /// Length normalisation: 0 ignores document length, 1 normalises fully.
    public var b: Float = 0.75

    /// Parameters with bm25s's defaults (k1 1.5, b 0.75) unless given.
    public init(k1: Float = 1.5, b: Float = 0.75) {
        self.k1 = k1
        self.b = b
    }
}
