import Models
import QuarryCore

/// LongLLMLingua's coarse ranking: the mean negative log-likelihood of the question given
/// each context (context + question + "We can get the answer to this question in the
/// given documents.", loss counted after the context), lowest first. One LM pass per
/// context.
public struct QuestionLikelihoodRanker: ContextRanker {
    public let name = "question-likelihood"
    let decoder: LlamaDecoder

    public init(decoder: LlamaDecoder) {
        self.decoder = decoder
    }

    static let restatement = " We can get the answer to this question in the given documents."

    public func rank(question: String, passages: [TokenizedPassage]) async throws -> [Int] {
        let suffix = decoder.tokenizer.encode("\n\nQuestion: " + question + Self.restatement)
        let contextLength = decoder.configuration.contextLength
        let losses = try await Offload.run { [decoder] in
            try passages.map { passage -> Float in
                let context = Array(passage.tokenIDs.suffix(max(1, contextLength - suffix.count)))
                let scores = try decoder.score(context + suffix)
                let tail = scores.logProbabilities.suffix(suffix.count)
                return tail.isEmpty ? 0 : -tail.reduce(0, +) / Float(tail.count)
            }
        }
        return passages.indices.sorted { losses[$0] < losses[$1] || (losses[$0] == losses[$1] && $0 < $1) }
    }
}
