/// The coarse stage (LLMLingua's budget controller with LongLLMLingua's dynamic ratio):
/// keeps ranked contexts until their tokens pass `contextBudgetFactor` × the budget (the
/// context that crosses it is kept), then gives each kept context a share of the budget
/// whose keep-rate falls linearly from τ + δ (best ranked) to τ − δ (worst).
public struct BudgetController: Sendable, Equatable {
    /// How many times the budget the kept contexts may hold before the fine stage
    /// (`.infinity` keeps every context).
    public var contextBudgetFactor: Double
    /// LongLLMLingua's δ (`dynamic_context_compression_ratio`).
    public var dynamicRatio: Double

    public init(contextBudgetFactor: Double = .infinity, dynamicRatio: Double = 0.3) {
        self.contextBudgetFactor = contextBudgetFactor
        self.dynamicRatio = dynamicRatio
    }

    /// What the fine stage gets: kept context indices in input order, and each one's
    /// token target and keep-rate.
    public struct Plan: Sendable, Equatable {
        public var kept: [Int]
        public var targets: [Int]
        public var keepRates: [Double]
    }

    /// The plan for contexts of `lengths` tokens ranked `ranking` (best first) under `budget`.
    public func plan(lengths: [Int], ranking: [Int], budget: Int) -> Plan {
        let limit = Double(budget) * contextBudgetFactor
        var keptRanked: [Int] = []
        var held = 0
        for i in ranking {
            guard Double(held) < limit || keptRanked.isEmpty else { break }
            keptRanked.append(i)
            held += lengths[i]
        }
        let n = keptRanked.count
        let tau = held > 0 ? Double(budget) / Double(held) : 1
        var rates = [Int: Double]()
        for (r, i) in keptRanked.enumerated() {
            let offset = n > 1 ? dynamicRatio * (1 - 2 * Double(r) / Double(n - 1)) : 0
            rates[i] = min(1, max(0, tau + offset))
        }
        // Rescale so the targets add up to the budget where the contexts allow it.
        var targets = [Int: Double]()
        for i in keptRanked { targets[i] = rates[i]! * Double(lengths[i]) }
        for _ in 0..<4 {
            let sum = targets.values.reduce(0, +)
            guard sum > 0, abs(sum - Double(budget)) >= 1 else { break }
            let scale = Double(budget) / sum
            for i in keptRanked { targets[i] = min(Double(lengths[i]), targets[i]! * scale) }
        }
        let kept = keptRanked.sorted()
        return Plan(
            kept: kept, targets: kept.map { Int(targets[$0]!.rounded(.down)) },
            keepRates: kept.map { lengths[$0] > 0 ? min(1, targets[$0]! / Double(lengths[$0])) : 1 }
        )
    }
}
