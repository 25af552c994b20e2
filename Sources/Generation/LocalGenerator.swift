import Foundation
import Models
import QuarryCore

/// Answers with a Llama-family model running in this process (SmolLM2-135M-Instruct by
/// default): the numbered-sources prompt in the model's chat template, sampled token by
/// token on a thread of its own and streamed as text, stopping at the model's end
/// token, a stop sequence or `maxTokens`. The citations the answer writes are mapped to
/// the sources' documents and byte ranges.
///
/// The decoding loop runs a few tokens ahead of the consumer at most and stops when the
/// consumer goes away (a client that hung up, a cancelled task).
public struct LocalGenerator: ConfigurableGenerator {
    public let decoder: LlamaDecoder
    public let settings: GenerationSettings
    /// The model's file name (`SmolLM2-135M-Instruct.Q4_1.gguf`).
    public var name: String { "local:" + (decoder.path as NSString).lastPathComponent }

    public init(decoder: LlamaDecoder, settings: GenerationSettings = GenerationSettings()) {
        self.decoder = decoder
        self.settings = settings
    }

    public func with(_ settings: GenerationSettings) -> LocalGenerator {
        LocalGenerator(decoder: decoder, settings: settings)
    }

    /// The prompt's token ids for `question` over the numbered `prompt` sources; throws
    /// an invalid-input error when prompt and answer would not fit the model's context.
    public func promptTokens(for prompt: CitationPrompt) throws -> [Int] {
        let text = try decoder.chatTemplate.render(prompt.messages)
        let ids = decoder.tokenizer.encode(text, parseSpecial: true)
        let context = decoder.configuration.contextLength
        guard ids.count + settings.maxTokens <= context else {
            throw QuarryError.invalidInput(
                "the prompt has \(ids.count) tokens and the answer may take \(settings.maxTokens) more, over the \(context)-token context of \(decoder.path); lower the budget or max_tokens"
            )
        }
        return ids
    }

    public func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        CitedAnswerStream.make(settings: settings, question: question, context: context) { prompt, writer in
            let ids = try promptTokens(for: prompt)
            let sampling = SamplingParameters(
                temperature: settings.temperature, topP: settings.topP, seed: settings.seed,
                noRepeatNgram: settings.noRepeatNgram
            )
            var assembler = UTF8Assembler()
            var produced = 0
            for try await id in decoder.tokenStream(prompt: ids, maxTokens: settings.maxTokens, sampling: sampling) {
                try Task.checkCancellation()
                produced += 1
                writer.write(assembler.append(decoder.tokenizer.bytes(of: id)))
                if writer.stopped { break }
            }
            try Task.checkCancellation()
            writer.write(assembler.flush())
            writer.truncated = produced >= settings.maxTokens && !writer.stopped
            writer.usage = TokenUsage(promptTokens: ids.count, completionTokens: produced)
        }
    }
}
