/// The second stage: chooses which retrieved chunks, in which order, go into the
/// generator's context under a token budget.
public protocol Selector: Sendable {
    /// The name shown in results and accepted by `--selector` (`topk`, `mcts`).
    var name: String { get }
    /// An ordered selection of `candidates` whose tokens sum to at most `budget`.
    func select(question: String, candidates: [RetrievedChunk], budget: Int) async throws -> [RetrievedChunk]
}
