import Foundation
import Models
import Testing

/// The decoding loop stops when the consumer of its token stream goes away.
@Suite("LlamaDecoder token stream")
struct LlamaDecoderStreamTests {
    @Test func streamsTokensAndStopsWhenTheConsumerLeaves() async throws {
        let decoder = try LlamaDecoder(path: ModelLocator().requireDecoderFile())
        let prompt = decoder.tokenizer.encode("The capital of France is", parseSpecial: false)
        let whole = try decoder.generate(prompt: prompt, maxTokens: 8, stopAtEndToken: false)
        var streamed: [Int] = []
        for try await id in decoder.tokenStream(prompt: prompt, maxTokens: 8, stopAtEndToken: false) {
            streamed.append(id)
        }
        #expect(streamed == whole)

        // Leave after 3 of 400 tokens: the loop runs at most `window` (4) tokens
        // ahead of the consumer and stops when it leaves, so it produces at most
        // 3 + 4 + 1, however slowly the consumer is scheduled.
        let ended = AsyncStream.makeStream(of: Int.self)
        var taken = 0
        for try await _ in decoder.tokenStream(prompt: prompt, maxTokens: 400, stopAtEndToken: false, onEnd: { produced in
            ended.continuation.yield(produced)
            ended.continuation.finish()
        }) {
            taken += 1
            if taken == 3 { break }
        }
        #expect(taken == 3)
        var produced = 0
        for await count in ended.stream { produced = count }
        #expect(produced >= 3 && produced <= 8, "the loop produced \(produced) tokens")
    }
}
