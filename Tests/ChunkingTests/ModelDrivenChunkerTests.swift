import Chunking
import Testing

/// The semantic and margin-sampling chunkers on fake models whose answers depend only on
/// each sentence's topic word.
struct ModelDrivenChunkerTests {
    static let text = "The cat sat. The cat ate. The cat slept. A car drove. A car parked. A car stopped."

    /// Embeds "cat" sentences along one axis and "car" sentences along another.
    struct TopicEmbedder: SentenceEmbedder {
        func embed(_ texts: [String]) throws -> [[Float]] {
            texts.map { $0.contains("cat") ? [1, 0.1] : [0.1, 1] }
        }
    }

    /// Says "split" (margin −1) when the prompt mixes both topics, "keep" (+1) otherwise.
    struct TopicJudge: ChoiceModel {
        let calls = CallCounter()
        func probabilityMargin(prompt: String, first: String, second: String) throws -> Double {
            calls.increment()
            #expect(first == "1" && second == "2")
            #expect(prompt.hasPrefix("This is a text chunking task."))
            return prompt.contains("cat") && prompt.contains("car") ? -1 : 1
        }
    }

    @Test func semanticChunkerCutsWhereEmbeddingsDiverge() async throws {
        let chunker = SemanticChunker(targetTokens: 12, tokenizer: WordTokenizer(), embedder: TopicEmbedder())
        let chunks = try await chunker.chunk(Self.text)
        ChunkInvariants.check(chunks, of: Self.text)
        #expect(chunks.map(\.text) == ["The cat sat. The cat ate. The cat slept.", "A car drove. A car parked. A car stopped."])
        #expect(chunks.allSatisfy { $0.tokenCount == 9 && $0.surprisal == nil })
    }

    @Test func semanticPercentileFollowsNumpysLinearRule() {
        // numpy.percentile([0, 0, 1, 0, 0], 95) = 0.8.
        let value = SemanticChunker.percentile([0, 0, 1, 0, 0], 95)
        #expect(abs(value - 0.8) < 1e-12)
        #expect(SemanticChunker.percentile([], 50) == .infinity)
    }

    @Test func marginChunkerSplitsWhenTheModelSaysSplit() throws {
        let judge = TopicJudge()
        let chunker = MarginSamplingChunker(targetTokens: 12, tokenizer: WordTokenizer(), model: judge)
        let chunks = try chunker.chunk(Self.text)
        ChunkInvariants.check(chunks, of: Self.text)
        #expect(chunks.map(\.text) == ["The cat sat. The cat ate. The cat slept.", "A car drove. A car parked. A car stopped."])
        // One question per sentence after the first, none skipped: every running chunk fit.
        #expect(judge.calls.value == 5)
    }

    @Test func marginChunkerDoesNotAskWhenTheSentenceCannotFit() throws {
        let judge = TopicJudge()
        let chunker = MarginSamplingChunker(targetTokens: 6, tokenizer: WordTokenizer(), model: judge)
        let chunks = try chunker.chunk(Self.text)
        ChunkInvariants.check(chunks, of: Self.text)
        #expect(chunks.allSatisfy { $0.tokenCount <= 6 })
        // Pairs fit (3 + 3 tokens); a third sentence never does, so every other sentence is asked about.
        #expect(judge.calls.value == 3)
    }
}

/// Counts calls from a Sendable fake.
final class CallCounter: @unchecked Sendable {
    private(set) var value = 0
    func increment() { value += 1 }
}
