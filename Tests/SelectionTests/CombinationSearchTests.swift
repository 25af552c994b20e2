import QuarryCore
import Selection
import Testing

@Suite("CombinationSearch")
struct CombinationSearchTests {
    /// Every subset of `tokens` within `budget`, for brute-force optima.
    func subsets(_ tokens: [Int], budget: Int) -> [[Int]] {
        (0..<(1 << tokens.count)).compactMap { mask in
            let members = tokens.indices.filter { mask & (1 << $0) != 0 }
            return members.reduce(0) { $0 + tokens[$1] } <= budget ? members : nil
        }
    }

    /// Random instances: whatever the search returns spends at most the budget, and its
    /// reported tokens are the true sum.
    @Test func neverExceedsTheBudget() {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<40 {
            let count = Int.random(in: 1...12, using: &random)
            let tokens = (0..<count).map { _ in Int.random(in: 1...200, using: &random) }
            let values = (0..<count).map { _ in Double.random(in: 0...1, using: &random) }
            let budget = Int.random(in: 0...400, using: &random)
            var search = CombinationSearch(
                scorer: TableScorer(values: values), tokens: tokens, budget: budget, settings: .init(iterations: 50)
            )
            let outcome = search.run()
            let spent = outcome.sequence.reduce(0) { $0 + tokens[$1] }
            #expect(spent <= budget)
            #expect(spent == outcome.tokens)
            #expect(Set(outcome.sequence).count == outcome.sequence.count)
        }
    }

    /// Candidates 0 and 1 are near-duplicates (together they lose value), 0 and 2 answer
    /// together: greedy takes 0 and 1, the search must find {0, 2}, the brute-force optimum.
    @Test func findsTheComplementaryPairGreedyMisses() {
        let scorer = TableScorer(values: [1, 0.9, 0.5, 0.2], pairs: [[0, 1]: -0.8, [0, 2]: 1])
        let tokens = [100, 100, 100, 100]
        var search = CombinationSearch(scorer: scorer, tokens: tokens, budget: 200, settings: .init(iterations: 100))
        let outcome = search.run()
        #expect(outcome.greedySequence == [0, 1])
        #expect(Set(outcome.sequence) == [0, 2])
        let optimum = subsets(tokens, budget: 200).map(scorer.raw).max() ?? 0
        #expect(scorer.raw(outcome.sequence) == optimum)
    }

    /// With enough iterations on a small instance the search scores every feasible set,
    /// stops as exhausted and returns the brute-force optimum.
    @Test func exhaustsASmallSpaceAndReturnsTheOptimum() {
        var random = SeededGenerator(seed: 5)
        let tokens = (0..<7).map { _ in Int.random(in: 10...60, using: &random) }
        let values = (0..<7).map { _ in Double.random(in: -0.3...1, using: &random) }
        let scorer = TableScorer(values: values, pairs: [[1, 4]: 2, [0, 2]: -1])
        var search = CombinationSearch(scorer: scorer, tokens: tokens, budget: 120, settings: .init(iterations: 10_000))
        let outcome = search.run()
        #expect(outcome.stop == .exhausted)
        let optimum = subsets(tokens, budget: 120).map(scorer.raw).max() ?? 0
        #expect(abs(scorer.raw(outcome.sequence) - optimum) < 1e-12)
        #expect(outcome.evaluations == subsets(tokens, budget: 120).count)
    }

    /// One iteration cannot improve on greedy when greedy is the optimum; the answer is
    /// then greedy's, never a worse combination the search happened to visit.
    @Test func neverReturnsLessThanTheGreedyFill() {
        var random = SeededGenerator(seed: 3)
        for iterations in [1, 2, 5, 30] {
            for _ in 0..<20 {
                let count = Int.random(in: 2...10, using: &random)
                let tokens = (0..<count).map { _ in Int.random(in: 5...90, using: &random) }
                let values = (0..<count).map { _ in Double.random(in: -0.5...1, using: &random) }
                let scorer = TableScorer(values: values, pairs: [[0, 1]: Double.random(in: -1...1, using: &random)])
                var search = CombinationSearch(scorer: scorer, tokens: tokens, budget: 150, settings: .init(iterations: iterations))
                let outcome = search.run()
                #expect(outcome.reward >= outcome.greedyReward)
                #expect(outcome.reward == scorer.reward(outcome.sequence))
            }
        }
    }

    /// Equal values make every choice a tie, so the seed decides; the same seed must give
    /// the same combination and the same search, another seed may differ.
    @Test func theSameSeedGivesTheSameSearch() {
        let tokens = Array(repeating: 10, count: 12)
        let values = Array(repeating: 0.1, count: 12)
        func run(seed: UInt64) -> (SearchOutcome, [[Int]]) {
            let scorer = TableScorer(values: values, pairs: [[3, 9]: 1, [2, 7]: 1])
            var search = CombinationSearch(
                scorer: scorer, tokens: tokens, budget: 30, settings: .init(iterations: 25, seed: seed)
            )
            return (search.run(), scorer.calls)
        }
        let (first, firstCalls) = run(seed: 42)
        let (second, secondCalls) = run(seed: 42)
        #expect(first == second)
        #expect(firstCalls == secondCalls)
        let others = (1...8).map { run(seed: $0).1 }
        #expect(others.contains { $0 != firstCalls })
    }

    /// Each combination is scored once: permutations share a cache entry when the reward
    /// ignores order, and asking again hits the cache.
    @Test func rewardsAreCachedBySequence() {
        let scorer = TableScorer(values: [0.3, 0.2, 0.1, 0.4, 0.5])
        var search = CombinationSearch(scorer: scorer, tokens: [5, 5, 5, 5, 5], budget: 15, settings: .init(iterations: 200))
        _ = search.run()
        let keys = scorer.calls.map { $0.sorted() }
        #expect(Set(keys).count == keys.count)
        #expect(search.evaluations == keys.count)
        let before = scorer.calls.count
        _ = search.reward([4, 0])
        _ = search.reward([0, 4])
        #expect(scorer.calls.count == before)
    }

    /// A fake clock that advances 1 ms per reading: a 5 ms limit allows at most 5
    /// iterations however many are asked for.
    @Test func stopsAtTheTimeLimit() {
        final class FakeClock: @unchecked Sendable {
            var now = Duration.zero
            func read() -> Duration {
                defer { now += .milliseconds(1) }
                return now
            }
        }
        let clock = FakeClock()
        let scorer = TableScorer(values: Array(repeating: 0.1, count: 20))
        var search = CombinationSearch(
            scorer: scorer, tokens: Array(repeating: 1, count: 20), budget: 20,
            settings: .init(iterations: 1000, timeLimit: .milliseconds(5))
        )
        let outcome = search.run(elapsed: clock.read)
        #expect(outcome.stop == .timeLimit)
        #expect(outcome.iterations <= 5)
        #expect(outcome.reward >= outcome.greedyReward)
    }

    /// A budget below every candidate: nothing fits, the empty selection is returned.
    @Test func nothingFitsGivesTheEmptySelection() {
        var search = CombinationSearch(
            scorer: TableScorer(values: [1, 1]), tokens: [50, 60], budget: 10, settings: .init(iterations: 10)
        )
        let outcome = search.run()
        #expect(outcome.sequence.isEmpty)
        #expect(outcome.tokens == 0)
    }
}
