/// The weights of the evidence reward's terms; the reward is the logistic of their
/// weighted sum plus `bias`, so it stays in 0...1 whatever the retriever's score scale.
/// Defaults set by measurement on multihop-dev (README, "Chunk selection").
public struct RewardWeights: Sendable, Equatable, Codable {
    /// Per chunk: its retrieval score over the best candidate's (summed over the combination).
    public var relevance: Double
    /// The best retrieval score among the chosen chunks over the best candidate's: keeps the
    /// top-ranked chunk, which answers most single-hop questions alone.
    public var anchor: Double
    /// The share of the question's content words (weighted by rarity among the candidates)
    /// that some chunk of the combination contains.
    public var termCoverage: Double
    /// Cosine between the question's embedding and the sum of the chunks' embeddings.
    public var embeddingCoverage: Double
    /// Penalty: the highest cosine between two chunks of the combination.
    public var redundancy: Double
    /// Penalty: the highest word-trigram Jaccard overlap between two chunks.
    public var overlap: Double
    /// Per chunk whose title the question or another chunk of the combination names
    /// (the bridge a multi-hop question crosses), summed.
    public var links: Double
    /// The best chunk's mean log-likelihood of the question under the language model,
    /// mapped to 0...1 among the candidates (used only when a likelihood source is given).
    public var likelihood: Double
    public var bias: Double

    public init(
        relevance: Double = 2, anchor: Double = 5, termCoverage: Double = 3, embeddingCoverage: Double = 2, redundancy: Double = 0,
        overlap: Double = 2, links: Double = 1, likelihood: Double = 1, bias: Double = -5
    ) {
        self.relevance = relevance
        self.anchor = anchor
        self.termCoverage = termCoverage
        self.embeddingCoverage = embeddingCoverage
        self.redundancy = redundancy
        self.overlap = overlap
        self.links = links
        self.likelihood = likelihood
        self.bias = bias
    }
}
