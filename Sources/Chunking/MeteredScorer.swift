/// A scorer whose calls a ``ScoringMeter`` times and reports (counting the tokens each
/// call scores, all but the first of its input).
struct MeteredScorer: CausalTokenScorer {
    let scorer: any CausalTokenScorer
    let meter: ScoringMeter

    func logProbabilities(of tokens: [Int]) throws -> [Float] {
        try meter.measure(tokens: max(0, tokens.count - 1)) { try scorer.logProbabilities(of: tokens) }
    }
}
