import Foundation
import QuarryCore

/// Quarry's combination reward without a cross-encoder (ALGORITHMS.md §6): retrieval
/// scores, coverage of the question's words and embedding by the combination, redundancy
/// between its chunks (embedding cosine and word-trigram overlap), and optionally the
/// language model's likelihood of the question given each chunk. Everything that depends
/// on one chunk or one pair is computed once per question, so scoring a combination is a
/// few array reads.
public struct EvidenceReward: CombinationReward {
    public let name = "evidence"
    public var weights: RewardWeights
    /// Embeddings for the two embedding terms; without it they are left out.
    public var embeddings: (any SelectionEmbeddings)?
    /// The language model for the likelihood term; without it the term is left out.
    public var likelihood: (any QuestionLikelihood)?

    public init(
        weights: RewardWeights = .init(), embeddings: (any SelectionEmbeddings)? = nil,
        likelihood: (any QuestionLikelihood)? = nil
    ) {
        self.weights = weights
        self.embeddings = embeddings
        self.likelihood = likelihood
    }

    public func scorer(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk]
    ) async throws -> any CombinationScorer {
        let clock = ContinuousClock()
        var costs: [String: Double] = [:]
        var mark = clock.now
        func charge(_ term: String) {
            let now = clock.now
            costs[term, default: 0] += (now - mark).milliseconds
            mark = now
        }
        var features = EvidenceFeatures(count: candidates.count)
        features.relevance = Self.relevance(candidates)
        charge("relevance")
        let words = candidates.map { EvidenceText.words($0.text) }
        features.setTerms(question: question, chunkWords: words)
        charge("term_coverage")
        features.setOverlap(chunkWords: words)
        charge("overlap")
        features.setLinks(question: question, titles: candidates.map(\.title), texts: candidates.map(\.text))
        charge("links")
        if let embeddings {
            let vectors = try await embeddings.vectors(
                question: question, questionVector: questionVector, chunkIDs: candidates.map(\.chunkID),
                texts: candidates.map(\.text)
            )
            try features.setEmbeddings(question: vectors.question, chunks: vectors.chunks)
            charge("embedding")
        }
        if let likelihood, !candidates.isEmpty {
            try features.setLikelihood(
                try await likelihood.meanLogLikelihood(question: question, contexts: candidates.map(\.text))
            )
            charge("likelihood")
        }
        return EvidenceScorer(features: features, weights: weights, preparationMilliseconds: costs)
    }

    /// Each candidate's score over the best one's; by rank (1/rank) when scores are not positive.
    static func relevance(_ candidates: [RetrievedChunk]) -> [Double] {
        let best = candidates.map { Double($0.score) }.max() ?? 0
        guard best > 0, best.isFinite else { return candidates.indices.map { 1 / Double($0 + 1) } }
        return candidates.map { max(0, Double($0.score) / best) }
    }
}
