/// The second stage: chooses which retrieved chunks, in which order, go into the
/// generator's context under a token budget.
public protocol Selector: Sendable {
    /// The name shown in results and accepted by `--selector` (`topk`, `mcts`).
    var name: String { get }
    /// An ordered selection of `candidates` whose tokens sum to at most `budget`.
    /// `questionVector` is the question's embedding from retrieval
    /// (``Retrieval/questionVector``), nil when the retriever did not embed it; a selector
    /// that compares meanings uses it rather than embedding the question again.
    func select(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [RetrievedChunk]
    /// The same selection with what each chosen chunk adds to the selector's objective,
    /// for results and the REPL's `:sources`. By default:
    /// ``select(question:questionVector:candidates:budget:)`` with no contributions.
    func selectExplained(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [SelectedChunk]
}

extension Selector {
    public func selectExplained(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [SelectedChunk] {
        try await select(question: question, questionVector: questionVector, candidates: candidates, budget: budget)
            .map { SelectedChunk(chunk: $0) }
    }
}

/// A chunk a selector chose, and what it adds to the selector's objective when the
/// selector measures that (MCTS: the combination's reward minus the reward without it).
public struct SelectedChunk: Sendable, Equatable {
    public var chunk: RetrievedChunk
    public var contribution: Double?

    public init(chunk: RetrievedChunk, contribution: Double? = nil) {
        self.chunk = chunk
        self.contribution = contribution
    }
}
