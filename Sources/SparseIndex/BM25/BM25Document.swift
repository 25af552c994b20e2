/// One document as ``BM25Index`` takes it: its id, its length in analysed terms and
/// how often each term occurs (e.g. from ``Analyzer/termFrequencies(_:)``).
public struct BM25Document: Sendable, Equatable {
    public var id: Int64
    /// The BM25 document length: the number of analysed terms.
    public var length: Int
    /// Term → count; counts below 1 are ignored.
    public var frequencies: [String: Int]

    public init(id: Int64, length: Int, frequencies: [String: Int]) {
        self.id = id
        self.length = length
        self.frequencies = frequencies
    }
}
