import Foundation
import QuarryCore

/// CORAG's Monte Carlo tree search over ordered chunk sequences under a token budget.
///
/// A node is a sequence of distinct candidates (the root is empty); expanding it adds one
/// child per unused candidate that still fits the budget, so no over-budget sequence is
/// ever scored or returned. Each new child is scored by the reward (no random rollout: the
/// reward is the value function) and its reward is added to it and every ancestor. Selection
/// walks down by U(v) = V/N + C·√(ln N(parent)/N) − λ·tokens/B, breaking ties with a seeded
/// generator. When the reward ignores order, a node only adds candidates ranked after its
/// last one, so each set is searched once, in relevance order. The answer is the highest
/// reward seen, starting from the greedy top-k fill, so it is never worse than that fill.
public struct CombinationSearch {
    /// Reads elapsed time; tests pass a fake to check the time limit without timing anything.
    public typealias Elapsed = () -> Duration

    private struct Node {
        var sequence: [Int]
        var parent: Int
        var tokens: Int
        var reward: Double
        var visits = 0
        var total = 0.0
        /// Nil until expanded; empty for a leaf (nothing more fits).
        var children: [Int]?
        /// Every sequence below it has been scored.
        var exhausted = false
    }

    let scorer: any CombinationScorer
    let tokens: [Int]
    let budget: Int
    let settings: SearchSettings
    private var nodes: [Node] = []
    private var cache: [[Int]: Double] = [:]
    private var random: SeededGenerator

    /// A search over candidates whose token counts are `tokens` (by index), within `budget`.
    public init(scorer: any CombinationScorer, tokens: [Int], budget: Int, settings: SearchSettings) {
        self.scorer = scorer
        self.tokens = tokens
        self.budget = budget
        self.settings = settings
        random = SeededGenerator(seed: settings.seed)
    }

    /// The reward of `sequence`, computed once per combination (per permutation when the
    /// scorer cares about order).
    public mutating func reward(_ sequence: [Int]) -> Double {
        let key = scorer.isOrderSensitive ? sequence : sequence.sorted()
        if let cached = cache[key] { return cached }
        let value = scorer.reward(sequence)
        cache[key] = value
        return value
    }

    /// Distinct combinations scored so far.
    public var evaluations: Int { cache.count }

    /// Runs the search, starting from the greedy fill of the candidates in index order.
    public mutating func run(elapsed: Elapsed? = nil) -> SearchOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let elapsed = elapsed ?? { clock.now - started }

        let greedy = greedyFill()
        let greedyReward = reward(greedy)
        var best = (sequence: greedy, reward: greedyReward, tokens: cost(greedy))

        nodes = [Node(sequence: [], parent: -1, tokens: 0, reward: reward([]))]
        if nodes[0].reward > best.reward { best = ([], nodes[0].reward, 0) }
        var iteration = 0
        var stop = SearchOutcome.Stop.iterations
        while iteration < settings.iterations {
            if nodes[0].exhausted { stop = .exhausted; break }
            if elapsed() >= settings.timeLimit { stop = .timeLimit; break }
            iteration += 1
            let leaf = descend()
            for child in expand(leaf) {
                let node = nodes[child]
                if node.reward > best.reward || (node.reward == best.reward && node.tokens < best.tokens) {
                    best = (node.sequence, node.reward, node.tokens)
                }
                backPropagate(from: child, reward: node.reward)
            }
        }
        return SearchOutcome(
            sequence: best.sequence, reward: best.reward, tokens: best.tokens, greedySequence: greedy,
            greedyReward: greedyReward, iterations: iteration, evaluations: evaluations, stop: stop
        )
    }

    /// The candidates in index order that fit the budget when taken greedily (top-k fill).
    func greedyFill() -> [Int] {
        var sequence: [Int] = []
        var spent = 0
        for (index, count) in tokens.enumerated() where spent + count <= budget {
            sequence.append(index)
            spent += count
        }
        return sequence
    }

    private func cost(_ sequence: [Int]) -> Int { sequence.reduce(0) { $0 + tokens[$1] } }

    /// Walks from the root to a node not yet expanded, by the highest U among children that
    /// are not exhausted; marks exhausted nodes on the way and starts over from the root.
    private mutating func descend() -> Int {
        var current = 0
        while let children = nodes[current].children {
            let open = children.filter { !nodes[$0].exhausted }
            if open.isEmpty {
                nodes[current].exhausted = true
                if current == 0 { return 0 }
                current = 0
                continue
            }
            current = pick(among: open, parent: current)
        }
        return current
    }

    /// The child with the highest U; ties go to a seeded random choice among them.
    private mutating func pick(among children: [Int], parent: Int) -> Int {
        let logParent = log(Double(max(nodes[parent].visits, 1)))
        var best = children[0]
        var bestScore = -Double.infinity
        var ties = 0
        for child in children {
            let node = nodes[child]
            let mean = node.total / Double(max(node.visits, 1))
            let explore = settings.exploration * (logParent / Double(max(node.visits, 1))).squareRoot()
            let penalty = budget > 0 ? settings.costPenalty * Double(node.tokens) / Double(budget) : 0
            let score = mean + explore - penalty
            if score > bestScore + 1e-12 {
                best = child
                bestScore = score
                ties = 1
            } else if abs(score - bestScore) <= 1e-12 {
                ties += 1
                if Int.random(in: 0..<ties, using: &random) == 0 { best = child }
            }
        }
        return best
    }

    /// Adds and scores every child of `index` that fits the budget; returns their indices.
    /// A node with nothing left to add becomes an exhausted leaf.
    private mutating func expand(_ index: Int) -> [Int] {
        guard nodes[index].children == nil else { return [] }
        let sequence = nodes[index].sequence
        let spent = nodes[index].tokens
        let used = Set(sequence)
        let first = scorer.isOrderSensitive ? 0 : (sequence.last.map { $0 + 1 } ?? 0)
        var children: [Int] = []
        if first < tokens.count {
            for candidate in first..<tokens.count where !used.contains(candidate) && spent + tokens[candidate] <= budget {
                let extended = sequence + [candidate]
                nodes.append(Node(sequence: extended, parent: index, tokens: spent + tokens[candidate], reward: reward(extended)))
                children.append(nodes.count - 1)
            }
        }
        nodes[index].children = children
        if children.isEmpty {
            nodes[index].exhausted = true
            backPropagate(from: index, reward: nodes[index].reward)
        }
        return children
    }

    private mutating func backPropagate(from index: Int, reward: Double) {
        var current = index
        while current >= 0 {
            nodes[current].visits += 1
            nodes[current].total += reward
            current = nodes[current].parent
        }
    }
}
