import QuarryCore

/// Top-k fill: walks the candidates best first and keeps each one that still fits the
/// token budget. The baseline every smarter selector must beat, and the default.
public struct GreedySelector: Selector {
    public let name = "topk"

    public init() {}

    public func select(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [RetrievedChunk] {
        Self.fill(candidates, budget: budget)
    }

    /// The candidates, in order, that fit `budget` when taken greedily.
    public static func fill(_ candidates: [RetrievedChunk], budget: Int) -> [RetrievedChunk] {
        var selected: [RetrievedChunk] = []
        var tokens = 0
        for chunk in candidates where tokens + chunk.tokens <= budget {
            selected.append(chunk)
            tokens += chunk.tokens
        }
        return selected
    }
}
