import QuarryCore

/// The knobs of one Monte Carlo tree search over chunk combinations (CORAG's C, λ and
/// iterations, plus the bounds Quarry adds). ``SearchConfigurator`` sets them per question.
public struct SearchSettings: Sendable, Equatable, Codable {
    /// UCB's exploration constant C: how much an unvisited-looking branch is worth
    /// against a known good one. Rewards are squashed into 0...1, so C ≈ 0.1-2 is meaningful.
    public var exploration: Double
    /// The cost penalty λ in U(v) = V/N + C·√(ln N(parent)/N) − λ·tokens(v)/B: steers the
    /// search towards cheaper combinations. It shapes where the search looks, not the answer,
    /// which is the best reward found within the budget.
    public var costPenalty: Double
    /// The most search iterations (one selection, expansion and back-propagation each).
    public var iterations: Int
    /// The most wall time the search may take; when it runs out the best combination so far
    /// is returned (then the result depends on the machine's speed, not only the seed).
    public var timeLimit: Duration
    /// The share of the caller's budget the search may spend, in (0, 1].
    public var budgetShare: Double
    /// How many of the best-ranked candidates the search considers.
    public var maxCandidates: Int
    /// Seeds the tie-breaking among equally scored children, so a search is repeatable.
    public var seed: UInt64

    public init(
        exploration: Double = 0.5, costPenalty: Double = 0.1, iterations: Int = 200,
        timeLimit: Duration = .milliseconds(200), budgetShare: Double = 1, maxCandidates: Int = 30, seed: UInt64 = 7
    ) {
        self.exploration = exploration
        self.costPenalty = costPenalty
        self.iterations = iterations
        self.timeLimit = timeLimit
        self.budgetShare = budgetShare
        self.maxCandidates = maxCandidates
        self.seed = seed
    }

    /// Checks every bound; the message names the setting at fault.
    public func validate() throws {
        guard exploration.isFinite, (0...100).contains(exploration) else {
            throw QuarryError.invalidInput("the search's exploration constant must be between 0 and 100 (got \(exploration))")
        }
        guard costPenalty.isFinite, (0...100).contains(costPenalty) else {
            throw QuarryError.invalidInput("the search's cost penalty must be between 0 and 100 (got \(costPenalty))")
        }
        guard (1...100_000).contains(iterations) else {
            throw QuarryError.invalidInput("the search's iterations must be between 1 and 100000 (got \(iterations))")
        }
        guard timeLimit > .zero, timeLimit <= .seconds(60) else {
            throw QuarryError.invalidInput("the search's time limit must be above 0 and at most 60 s (got \(timeLimit))")
        }
        guard budgetShare.isFinite, budgetShare > 0, budgetShare <= 1 else {
            throw QuarryError.invalidInput("the search's budget share must be in (0, 1] (got \(budgetShare))")
        }
        guard (1...1000).contains(maxCandidates) else {
            throw QuarryError.invalidInput("the search's candidate count must be between 1 and 1000 (got \(maxCandidates))")
        }
    }

    /// The tokens the search may spend out of `budget`.
    public func effectiveBudget(_ budget: Int) -> Int {
        max(0, Int((Double(budget) * budgetShare).rounded(.down)))
    }
}
