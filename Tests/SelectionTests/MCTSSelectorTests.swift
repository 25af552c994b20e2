import QuarryCore
import Selection
import Testing

@Suite("MCTSSelector")
struct MCTSSelectorTests {
    let question = "Which river flows through the capital of the country where Ada Lovelace was born?"
    let candidates = [
        chunk(1, "Ada Lovelace was born in London, England, the daughter of Lord Byron.", tokens: 60, score: 0.9),
        chunk(2, "Ada Lovelace was born in London, England, the daughter of the poet Lord Byron.", tokens: 60, score: 0.85),
        chunk(3, "The River Thames flows through London, the capital of England and its largest city.", tokens: 60, score: 0.6),
        chunk(4, "Bananas are an elongated edible fruit produced by several kinds of plants.", tokens: 60, score: 0.3),
    ]

    /// At a budget for two chunks, top-k takes the birth chunk and its near-copy; MCTS
    /// takes the birth chunk and the river chunk, relevance-first.
    @Test func replacesANearCopyWithTheMissingHop() async throws {
        let greedy = try await GreedySelector()
            .select(question: question, questionVector: nil, candidates: candidates, budget: 120)
        #expect(greedy.map(\.chunkID) == [1, 2])
        let selected = try await MCTSSelector()
            .select(question: question, questionVector: nil, candidates: candidates, budget: 120)
        #expect(selected.map(\.chunkID) == [1, 3])
    }

    /// The report's contributions are leave-one-out differences, positive for chunks that help,
    /// and its reward is never below greedy's; tokens are the chunks' sum within the budget.
    @Test func reportsContributionsAndStaysWithinBudget() async throws {
        for budget in [0, 59, 60, 130, 200, 1000] {
            let report = try await MCTSSelector().report(question: question, candidates: candidates, budget: budget)
            #expect(report.tokens == report.chunks.reduce(0) { $0 + $1.chunk.tokens })
            #expect(report.tokens <= budget)
            #expect(report.reward >= report.greedyReward)
            #expect(report.chunks.map(\.chunk.rank) == report.chunks.map(\.chunk.rank).sorted())
        }
        let report = try await MCTSSelector().report(question: question, candidates: candidates, budget: 120)
        #expect(!report.chunks.isEmpty)
        #expect(report.chunks.allSatisfy { $0.contribution > 0 })
    }

    /// What results and `:sources` show: MCTS explains its choice with the report's
    /// contributions, the same chunks `select` returns; top-k has no reward to explain.
    @Test func explainedSelectionsCarryTheReportsContributions() async throws {
        let explained = try await MCTSSelector()
            .selectExplained(question: question, questionVector: nil, candidates: candidates, budget: 120)
        let report = try await MCTSSelector().report(question: question, candidates: candidates, budget: 120)
        #expect(explained.map(\.chunk.chunkID) == [1, 3])
        #expect(explained.map(\.contribution) == report.chunks.map(\.contribution))
        let greedy = try await GreedySelector()
            .selectExplained(question: question, questionVector: nil, candidates: candidates, budget: 120)
        #expect(greedy.map(\.chunk.chunkID) == [1, 2] && greedy.allSatisfy { $0.contribution == nil })
    }

    /// A budget share below 1 leaves the rest of the budget unspent.
    @Test func budgetShareLimitsTheTokens() async throws {
        let selector = MCTSSelector(settings: .init(budgetShare: 0.5), configurator: nil)
        let report = try await selector.report(question: question, candidates: candidates, budget: 200)
        #expect(report.tokens <= 100)
    }

    /// Bad settings and impossible chunks are refused with a message, not searched.
    @Test func refusesBadSettingsAndNegativeTokens() async {
        await #expect(throws: QuarryError.self) {
            _ = try await MCTSSelector(settings: .init(budgetShare: 0), configurator: nil)
                .select(question: question, questionVector: nil, candidates: candidates, budget: 100)
        }
        await #expect(throws: QuarryError.self) {
            _ = try await MCTSSelector()
                .select(question: question, questionVector: nil, candidates: [chunk(9, "x", tokens: -5)], budget: 100)
        }
        #expect(throws: QuarryError.self) { try SearchSettings(iterations: 0).validate() }
        #expect(throws: QuarryError.self) { try SearchSettings(exploration: .nan).validate() }
    }
}
