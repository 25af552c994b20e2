import Foundation

/// Scores combinations of one question's candidates with the evidence reward: the logistic
/// of the weighted terms, so every reward is in 0...1. Order does not matter to it.
struct EvidenceScorer: CombinationScorer {
    let features: EvidenceFeatures
    let weights: RewardWeights
    let preparationMilliseconds: [String: Double]

    var isOrderSensitive: Bool { false }

    func reward(_ sequence: [Int]) -> Double {
        let raw = terms(sequence).reduce(weights.bias) { $0 + $1.weight * $1.value }
        return 1 / (1 + exp(-raw))
    }

    func terms(_ sequence: [Int]) -> [RewardTerm] {
        var result = [
            RewardTerm(name: "relevance", value: sequence.reduce(0) { $0 + features.relevance[$1] }, weight: weights.relevance),
            RewardTerm(name: "anchor", value: sequence.map { features.relevance[$0] }.max() ?? 0, weight: weights.anchor),
            RewardTerm(name: "term_coverage", value: termCoverage(sequence), weight: weights.termCoverage),
            RewardTerm(name: "overlap", value: highestPair(sequence, in: features.overlap), weight: -weights.overlap),
            RewardTerm(name: "links", value: links(sequence), weight: weights.links),
        ]
        if features.hasEmbeddings {
            result.append(RewardTerm(name: "embedding_coverage", value: embeddingCoverage(sequence), weight: weights.embeddingCoverage))
            result.append(RewardTerm(
                name: "redundancy", value: highestPair(sequence, in: features.pairCosine), weight: -weights.redundancy
            ))
        }
        if features.hasLikelihood {
            let best = sequence.map { features.likelihood[$0] }.max() ?? 0
            result.append(RewardTerm(name: "likelihood", value: best, weight: weights.likelihood))
        }
        return result
    }

    /// Chunks of `sequence` whose title the question or another chunk of `sequence` names.
    private func links(_ sequence: [Int]) -> Double {
        var linked = 0
        for j in sequence where features.namedByQuestion[j] || sequence.contains(where: { features.names[$0 * features.count + j] }) {
            linked += 1
        }
        return Double(linked)
    }

    /// The weighted share of coverable question words that some chunk of `sequence` contains.
    private func termCoverage(_ sequence: [Int]) -> Double {
        guard features.coverableWeight > 0, let first = sequence.first else { return 0 }
        var union = features.termMasks[first]
        for index in sequence.dropFirst() {
            for word in union.indices { union[word] |= features.termMasks[index][word] }
        }
        var covered = 0.0
        for (bit, weight) in features.termWeights.enumerated() where union[bit / 64] & (1 << UInt64(bit % 64)) != 0 {
            covered += weight
        }
        return covered / features.coverableWeight
    }

    /// cos(question, Σ chunks) = Σ q·cᵢ / ‖Σ cᵢ‖, with ‖Σ cᵢ‖² = Σᵢⱼ cᵢ·cⱼ.
    private func embeddingCoverage(_ sequence: [Int]) -> Double {
        guard !sequence.isEmpty else { return 0 }
        var numerator = 0.0
        var squaredNorm = 0.0
        for i in sequence {
            numerator += features.questionCosine[i]
            for j in sequence { squaredNorm += features.pairCosine[i * features.count + j] }
        }
        return squaredNorm > 0 ? numerator / squaredNorm.squareRoot() : 0
    }

    /// The largest value of `matrix` over distinct pairs of `sequence`; 0 for fewer than two chunks.
    private func highestPair(_ sequence: [Int], in matrix: [Double]) -> Double {
        var highest = 0.0
        for (position, i) in sequence.enumerated() {
            for j in sequence[(position + 1)...] { highest = max(highest, matrix[i * features.count + j]) }
        }
        return highest
    }
}
