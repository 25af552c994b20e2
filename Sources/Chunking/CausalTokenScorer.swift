/// A causal language model as the perplexity chunker needs it: how likely each token of
/// a sequence is given the tokens before it.
public protocol CausalTokenScorer: Sendable {
    /// log p(tokens[i + 1] | tokens[0 … i]) in nats for every i in 0 ..< tokens.count − 1,
    /// with no BOS added (as `quarry lm score`); empty for fewer than two tokens.
    func logProbabilities(of tokens: [Int]) throws -> [Float]
}
