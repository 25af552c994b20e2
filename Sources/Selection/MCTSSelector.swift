import QuarryCore

/// CORAG chunk selection: a Monte Carlo tree search for the ordered combination of
/// candidates with the highest reward whose tokens fit the budget (``CombinationSearch``),
/// with per-question settings. Never returns less reward than the greedy top-k fill, and
/// hands the chosen chunks on relevance-first (in retrieval order).
public struct MCTSSelector: Selector {
    public let name = "mcts"
    public var reward: any CombinationReward
    /// The settings every question starts from.
    public var settings: SearchSettings
    /// Adjusts `settings` per question; nil searches every question with `settings`.
    public var configurator: (any SearchConfigurator)?

    public init(
        reward: any CombinationReward = EvidenceReward(), settings: SearchSettings = .init(),
        configurator: (any SearchConfigurator)? = nil
    ) {
        self.reward = reward
        self.settings = settings
        self.configurator = configurator
    }

    public func select(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [RetrievedChunk] {
        try await report(question: question, questionVector: questionVector, candidates: candidates, budget: budget)
            .chunks.map(\.chunk)
    }

    public func selectExplained(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [SelectedChunk] {
        try await report(question: question, questionVector: questionVector, candidates: candidates, budget: budget)
            .chunks.map { SelectedChunk(chunk: $0.chunk, contribution: $0.contribution) }
    }

    /// The selection for `question` with each chunk's reward contribution and the search's
    /// figures; `questionVector` (from retrieval, nil when it did not embed the question)
    /// goes to the reward.
    public func report(
        question: String, questionVector: [Float]? = nil, candidates: [RetrievedChunk], budget: Int
    ) async throws -> SelectionReport {
        guard budget >= 0 else { throw QuarryError.invalidInput("budget must not be negative (got \(budget))") }
        if let bad = candidates.first(where: { $0.tokens < 0 }) {
            throw QuarryError(.internal, "chunk \(bad.chunkID) has a negative token count (\(bad.tokens))")
        }
        let chosen = configurator?.settings(for: question, base: settings) ?? settings
        try chosen.validate()
        let pool = Array(candidates.prefix(chosen.maxCandidates))
        let scorer = try await reward.scorer(question: question, questionVector: questionVector, candidates: pool)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try await Offload.run {
            var search = CombinationSearch(
                scorer: scorer, tokens: pool.map(\.tokens), budget: chosen.effectiveBudget(budget), settings: chosen
            )
            return search.run()
        }
        let searchMilliseconds = (clock.now - started).milliseconds
        // Relevance-first: retrieval order, unless the reward itself judged an order.
        let ordered = scorer.isOrderSensitive ? outcome.sequence : outcome.sequence.sorted()
        let choices = ordered.map { index in
            SelectionReport.Choice(
                chunk: pool[index], contribution: outcome.reward - scorer.reward(ordered.filter { $0 != index })
            )
        }
        return SelectionReport(
            chunks: choices, reward: outcome.reward, terms: scorer.terms(ordered), greedyReward: outcome.greedyReward,
            tokens: outcome.tokens, settings: chosen, outcome: outcome,
            preparationMilliseconds: scorer.preparationMilliseconds, searchMilliseconds: searchMilliseconds
        )
    }
}
