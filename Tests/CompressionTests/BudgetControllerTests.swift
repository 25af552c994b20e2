import Compression
import Testing

@Suite("Compression budget controller")
struct BudgetControllerTests {
    /// Guards LongLLMLingua's dynamic ratio: with equal contexts the best ranked keeps the
    /// largest share and the worst the smallest, and the shares add up to the budget.
    @Test func dynamicRatioFavoursTheBestRanked() {
        let plan = BudgetController(dynamicRatio: 0.3).plan(lengths: [200, 200, 200], ranking: [2, 0, 1], budget: 300)
        #expect(plan.kept == [0, 1, 2])
        #expect(plan.keepRates[2] > plan.keepRates[0] && plan.keepRates[0] > plan.keepRates[1])
        #expect(abs(plan.targets.reduce(0, +) - 300) <= 3)
    }

    /// Guards the coarse cut: contexts are kept best first until they hold the budget
    /// times the factor, the one that crosses it included; the rest go whole.
    @Test func keepsRankedContextsUntilTheBudgetIsCrossed() {
        let plan = BudgetController(contextBudgetFactor: 1, dynamicRatio: 0).plan(lengths: [100, 100, 100, 100], ranking: [3, 1, 0, 2], budget: 150)
        #expect(plan.kept == [1, 3])
        #expect(plan.targets.reduce(0, +) == 150)
    }
}
