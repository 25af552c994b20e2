import Foundation
import Selection

/// A fake reward for the search's own logic: each candidate has a value, listed pairs add a
/// bonus or a penalty, squashed by x / (1 + x) into 0...1. Counts every call it gets.
final class TableScorer: CombinationScorer, @unchecked Sendable {
    let values: [Double]
    let pairs: [Set<Int>: Double]
    private let lock = NSLock()
    private var scored: [[Int]] = []

    init(values: [Double], pairs: [Set<Int>: Double] = [:]) {
        self.values = values
        self.pairs = pairs
    }

    var isOrderSensitive: Bool { false }
    var preparationMilliseconds: [String: Double] { [:] }

    /// Every sequence scored, in call order.
    var calls: [[Int]] { lock.withLock { scored } }

    func raw(_ sequence: [Int]) -> Double {
        var total = sequence.reduce(0) { $0 + values[$1] }
        for (pair, bonus) in pairs where pair.isSubset(of: Set(sequence)) { total += bonus }
        return max(0, total)
    }

    func reward(_ sequence: [Int]) -> Double {
        lock.withLock { scored.append(sequence) }
        let total = raw(sequence)
        return total / (1 + total)
    }

    func terms(_ sequence: [Int]) -> [RewardTerm] { [RewardTerm(name: "table", value: raw(sequence), weight: 1)] }
}
