import QuarryCore

/// What the MCTS selector chose for one question and why: the chunks in context order
/// with their tokens and what each adds to the reward, and how the search went.
public struct SelectionReport: Sendable, Equatable {
    /// One chosen chunk.
    public struct Choice: Sendable, Equatable {
        public var chunk: RetrievedChunk
        /// The combination's reward minus its reward without this chunk.
        public var contribution: Double
    }

    public var chunks: [Choice]
    /// The combination's reward (0...1) and its terms.
    public var reward: Double
    public var terms: [RewardTerm]
    /// The greedy top-k fill's reward, which `reward` never falls below.
    public var greedyReward: Double
    public var tokens: Int
    /// The settings the search ran with (after per-question configuration).
    public var settings: SearchSettings
    public var outcome: SearchOutcome
    /// What preparing each reward term cost, and the search itself, in milliseconds.
    public var preparationMilliseconds: [String: Double]
    public var searchMilliseconds: Double
}
