import Chunking
import Foundation
import Kernels
import Models

/// The in-process chat model as the margin-sampling chunker's judge: renders the prompt
/// as a user turn in the model's chat template and reads the next-token distribution.
public struct DecoderChoiceModel: ChoiceModel {
    public let decoder: LlamaDecoder

    /// Asks `decoder`.
    public init(decoder: LlamaDecoder) {
        self.decoder = decoder
    }

    /// p(`second`) − p(`first`) as the first token of the answer to `prompt`.
    /// - Throws: ``ChunkingError`` when a choice is not one token or the prompt does not fit the context.
    public func probabilityMargin(prompt: String, first: String, second: String) throws -> Double {
        let choices = [first, second].map { decoder.tokenizer.encode($0) }
        guard choices.allSatisfy({ $0.count == 1 }) else {
            throw ChunkingError(reason: "the answers \"\(first)\" and \"\(second)\" must be single tokens of \(decoder.path)")
        }
        let rendered = try decoder.chatTemplate.render([ChatMessage(role: "user", content: prompt)])
        let ids = decoder.tokenizer.encode(rendered, parseSpecial: true)
        guard !ids.isEmpty, ids.count < decoder.configuration.contextLength else {
            throw ChunkingError(reason: "a margin-sampling prompt of \(ids.count) tokens does not fit the model's context "
                + "of \(decoder.configuration.contextLength); use a smaller --target-size")
        }
        let logits = try decoder.makeSession(capacity: ids.count).appendAndPredict(ids)
        let logSum = logits.withUnsafeBufferPointer { Softmax.logSumExp($0.baseAddress!, count: $0.count) }
        return Double(Foundation.exp(logits[choices[1][0]] - logSum) - Foundation.exp(logits[choices[0][0]] - logSum))
    }
}
