/// What one combination search found and how it went.
public struct SearchOutcome: Sendable, Equatable {
    /// Why the search stopped.
    public enum Stop: String, Sendable, Equatable, Codable {
        /// It ran all its iterations.
        case iterations
        /// The wall-time limit ran out first.
        case timeLimit
        /// Every combination that fits the budget had been scored.
        case exhausted
    }

    /// The best combination found, as candidate indices in the order chosen.
    public var sequence: [Int]
    public var reward: Double
    /// The tokens the combination spends.
    public var tokens: Int
    /// The greedy top-k fill's sequence and reward: the floor the search never goes below.
    public var greedySequence: [Int]
    public var greedyReward: Double
    public var iterations: Int
    /// Distinct combinations scored (cache misses).
    public var evaluations: Int
    public var stop: Stop
}
