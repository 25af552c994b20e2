import QuarryCore

/// Judges chunk combinations for one question: CORAG's value function. Pluggable, so a
/// cross-encoder can replace Quarry's evidence reward later.
public protocol CombinationReward: Sendable {
    /// A short name for reports.
    var name: String { get }
    /// Does the work that depends only on the question and the candidates once
    /// (embeddings, term sets, pairwise overlaps) and returns a scorer for combinations of
    /// `candidates`, which the scorer refers to by index. `questionVector` is the
    /// question's embedding from retrieval, nil when the retriever did not embed it.
    func scorer(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk]
    ) async throws -> any CombinationScorer
}

/// Scores combinations of one question's candidates, cheaply and without side effects.
public protocol CombinationScorer: Sendable {
    /// Whether the order of a sequence changes its reward. When it does not, the search
    /// treats permutations as one combination and caches them under one key.
    var isOrderSensitive: Bool { get }
    /// The reward of the candidates at `sequence` (indices, distinct), squashed into 0...1.
    func reward(_ sequence: [Int]) -> Double
    /// The reward's terms for `sequence`, before weighting, for reports.
    func terms(_ sequence: [Int]) -> [RewardTerm]
    /// What preparing each term cost, in milliseconds, for reports.
    var preparationMilliseconds: [String: Double] { get }
}

/// One named term of a reward: its raw value and its weight (negative for penalties).
public struct RewardTerm: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var weight: Double

    public init(name: String, value: Double, weight: Double) {
        self.name = name
        self.value = value
        self.weight = weight
    }
}
