/// Orders the contexts for the coarse stage, most useful first.
public protocol ContextRanker: Sendable {
    /// The name shown in results.
    var name: String { get }
    /// Indices of `passages`, most relevant to `question` first.
    func rank(question: String, passages: [TokenizedPassage]) async throws -> [Int]
}

/// The retriever's own order (its fused score, already computed): free, and the proxy
/// the coarse stage uses unless told to spend an LM pass.
public struct RetrievalOrderRanker: ContextRanker {
    public let name = "retrieval"

    public init() {}

    public func rank(question: String, passages: [TokenizedPassage]) async throws -> [Int] {
        passages.indices.sorted {
            let a = passages[$0].passage.chunk, b = passages[$1].passage.chunk
            return a.rank < b.rank || (a.rank == b.rank && $0 < $1)
        }
    }
}

/// Input order: for baselines that must not reorder what they cut.
public struct InputOrderRanker: ContextRanker {
    public let name = "input"

    public init() {}

    public func rank(question: String, passages: [TokenizedPassage]) async throws -> [Int] { Array(passages.indices) }
}
