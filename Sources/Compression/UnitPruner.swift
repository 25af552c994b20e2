import QuarryCore

/// The shared last step of every compressor here. Units compete by ``UnitRank`` (forced,
/// sentence relevance, protection priority, score), so protection yields to the budget
/// class by class and only forced text never does. The forced units are kept, then the
/// highest-ranked others of all passages up to the budget; while the real token count of the result is
/// over the budget, the lowest-ranked kept units of the passage furthest over its target
/// go (whole passages, worst ranked first, once only forced units are left).
struct UnitPruner {
    let tokenizer: any CompressionTokenizer

    /// `ranks[i]` has one rank per unit of `passages[i]` (higher is kept first);
    /// `targets[i]` is passage i's share of `budget` (the passage furthest over it yields
    /// first when the real count is over); `ranking` lists passage indices best
    /// first. The result keeps the input order and leaves out passages with nothing kept.
    func prune(
        _ passages: [TokenizedPassage], ranks: [[UnitRank]], targets: [Int], budget: Int, ranking: [Int]
    ) -> [ContextPassage] {
        let orders = passages.indices.map { i in
            passages[i].units.indices.sorted { a, b in
                ranks[i][a] > ranks[i][b] || (ranks[i][a] == ranks[i][b] && a < b)
            }
        }
        var keep = initialKeep(passages, ranks: ranks, budget: budget)
        var output = passages.indices.map { assemble(passages[$0], keep[$0]) }
        var alive = passages.indices.map { keep[$0].contains(true) }
        var dropOrder = Array(ranking.reversed())
        func total() -> Int { passages.indices.reduce(0) { $0 + (alive[$1] ? output[$1].tokens : 0) } }
        var over = total() - budget
        while over > 0 {
            let candidates = passages.indices.filter { i in
                alive[i] && passages[i].units.indices.contains { keep[i][$0] && !passages[i].units[$0].isForced }
            }
            if let i = candidates.max(by: { output[$0].tokens - targets[$0] < output[$1].tokens - targets[$1] }) {
                dropLowest(passages[i], order: orders[i], keep: &keep[i], tokens: over)
                output[i] = assemble(passages[i], keep[i])
                alive[i] = keep[i].contains(true)
            } else {
                guard let worst = dropOrder.first(where: { alive[$0] }) else { break }
                alive[worst] = false
                dropOrder.removeAll { $0 == worst }
            }
            over = total() - budget
        }
        return passages.indices.filter { alive[$0] }.map { output[$0] }
    }

    private func assemble(_ passage: TokenizedPassage, _ keep: [Bool]) -> ContextPassage {
        var assembled = PassageAssembler.assemble(passage, keep: keep)
        assembled.tokens = tokenizer.tokenIDs(of: assembled.text).count
        return assembled
    }

    /// The forced units, then the others of every passage in one rank order while they
    /// fit `budget` tokens: the most relevant sentences of any context come first, wherever
    /// the coarse stage ranked their context (measured: COVID-QA survival at 3× 0.57 with
    /// per-context targets, 0.66 with one order, on 100 questions).
    private func initialKeep(_ passages: [TokenizedPassage], ranks: [[UnitRank]], budget: Int) -> [[Bool]] {
        var keep = passages.map { $0.units.map(\.isForced) }
        var tokens = passages.indices.reduce(0) { total, i in
            total + passages[i].units.indices.reduce(0) { $0 + (keep[i][$1] ? passages[i].units[$1].tokens.count : 0) }
        }
        var all: [(passage: Int, unit: Int)] = []
        for i in passages.indices { for u in passages[i].units.indices where !keep[i][u] { all.append((i, u)) } }
        all.sort { a, b in
            let ra = ranks[a.passage][a.unit], rb = ranks[b.passage][b.unit]
            return ra > rb || (ra == rb && (a.passage, a.unit) < (b.passage, b.unit))
        }
        for (i, u) in all {
            let count = passages[i].units[u].tokens.count
            if tokens + count <= budget {
                keep[i][u] = true
                tokens += count
            }
        }
        return keep
    }

    /// Drops the lowest-ranked kept units that are not forced until `tokens` tokens are
    /// gone (at least one unit).
    private func dropLowest(_ passage: TokenizedPassage, order: [Int], keep: inout [Bool], tokens: Int) {
        var dropped = 0
        for u in order.reversed() where keep[u] && !passage.units[u].isForced {
            keep[u] = false
            dropped += passage.units[u].tokens.count
            if dropped >= tokens { break }
        }
    }
}
