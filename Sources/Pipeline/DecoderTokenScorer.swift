import Chunking
import Models

/// The in-process Llama decoder as the perplexity chunker's scorer: one batched forward
/// pass per call (as `quarry lm score`, no BOS added).
public struct DecoderTokenScorer: CausalTokenScorer {
    public let decoder: LlamaDecoder
    /// Tokens per forward batch; a window no longer than this runs as one sgemm batch.
    public let batchSize: Int

    /// Scores with `decoder` in batches of `batchSize` tokens.
    public init(decoder: LlamaDecoder, batchSize: Int = 1024) {
        self.decoder = decoder
        self.batchSize = batchSize
    }

    /// log p(tokens[i + 1] | tokens[0 … i]) for each position but the last.
    public func logProbabilities(of tokens: [Int]) throws -> [Float] {
        guard tokens.count <= decoder.configuration.contextLength else {
            throw ChunkingError(reason: "a scoring window of \(tokens.count) tokens exceeds the model's context of "
                + "\(decoder.configuration.contextLength); use a smaller --scoring-window")
        }
        return try decoder.score(tokens, batchSize: batchSize).logProbabilities
    }
}

