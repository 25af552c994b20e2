/// What a causal LM says about a token sequence, position by position.
public struct TokenScores: Sendable, Equatable {
    /// log p(token i+1 | tokens 0…i), one per position but the last.
    public let logProbabilities: [Float]
    /// The most likely next token at each of those positions.
    public let argmax: [Int]

    /// exp of the mean negative log-probability (∞ for no positions).
    public var perplexity: Double {
        guard !logProbabilities.isEmpty else { return .infinity }
        let mean = logProbabilities.reduce(0.0) { $0 + Double($1) } / Double(logProbabilities.count)
        return Foundation.exp(-mean)
    }
}

import Foundation
