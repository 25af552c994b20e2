import QuarryCore

/// The shared last step of every compressor here: in each passage keep the protected
/// units and then the highest-scored others up to the passage's target, and, while the
/// real token count of the result is over the budget, drop the lowest-scored kept units
/// of the passage furthest over its target (whole passages, worst ranked first, once
/// only protected units are left).
struct UnitPruner {
    let tokenizer: any CompressionTokenizer

    /// `scores[i]` has one value per unit of `passages[i]` (higher is kept first);
    /// `targets[i]` is passage i's share of `budget`; `ranking` lists passage indices best
    /// first. The result keeps the input order and leaves out passages with nothing kept.
    func prune(
        _ passages: [TokenizedPassage], scores: [[Float]], targets: [Int], budget: Int, ranking: [Int]
    ) -> [ContextPassage] {
        var keep = passages.indices.map { initialKeep(passages[$0], scores: scores[$0], target: targets[$0]) }
        var output = passages.indices.map { PassageAssembler.assemble(passages[$0], keep: keep[$0], tokenizer: tokenizer) }
        var alive = passages.indices.map { keep[$0].contains(true) }
        var dropOrder = Array(ranking.reversed())
        func total() -> Int { passages.indices.reduce(0) { $0 + (alive[$1] ? output[$1].tokens : 0) } }
        var over = total() - budget
        while over > 0 {
            let candidates = passages.indices.filter { i in
                alive[i] && passages[i].units.indices.contains { keep[i][$0] && !passages[i].units[$0].isProtected }
            }
            if let i = candidates.max(by: { output[$0].tokens - targets[$0] < output[$1].tokens - targets[$1] }) {
                dropLowest(passages[i], scores: scores[i], keep: &keep[i], tokens: over)
                output[i] = PassageAssembler.assemble(passages[i], keep: keep[i], tokenizer: tokenizer)
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

    private func initialKeep(_ passage: TokenizedPassage, scores: [Float], target: Int) -> [Bool] {
        var keep = passage.units.map(\.isProtected)
        var tokens = zip(passage.units, keep).reduce(0) { $0 + ($1.1 ? $1.0.tokens.count : 0) }
        for u in byScoreDescending(scores, passage.units.indices.filter { !keep[$0] }) {
            let count = passage.units[u].tokens.count
            if tokens + count <= target {
                keep[u] = true
                tokens += count
            }
        }
        return keep
    }

    /// Drops the lowest-scored kept unprotected units until `tokens` tokens are gone (at
    /// least one unit).
    private func dropLowest(_ passage: TokenizedPassage, scores: [Float], keep: inout [Bool], tokens: Int) {
        let droppable = passage.units.indices.filter { keep[$0] && !passage.units[$0].isProtected }
        var dropped = 0
        for u in byScoreDescending(scores, droppable).reversed() {
            keep[u] = false
            dropped += passage.units[u].tokens.count
            if dropped >= tokens { break }
        }
    }

    /// `units` ordered by score, highest first; ties go to the earlier unit.
    private func byScoreDescending(_ scores: [Float], _ units: [Int]) -> [Int] {
        units.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    }
}
