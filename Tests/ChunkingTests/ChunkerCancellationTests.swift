import Chunking
import QuarryCore
import Testing

/// Work ends when its request ends (issue 26): every chunker checks the current
/// ``CancellationSignal`` in its loops, so a document write whose client left stops
/// mid-document instead of chunking (and calling the models) to the end. Each test fires
/// the signal from inside the chunker's own work, a few steps into a long document, and
/// expects the chunker to throw `Stopped` within a bounded number of further steps.
struct ChunkerCancellationTests {
    /// 3,000 short sentences: 12,000 words, far more work than any test lets happen.
    static let document = (0..<3_000).map { "The cat sat \($0)." }.joined(separator: " ")

    /// Runs `chunker` on the document with `signal` as the current one; true when it
    /// stopped because the signal fired.
    private func stopped(_ chunker: any Chunker, signal: CancellationSignal) async -> Bool {
        do {
            _ = try await CancellationSignal.$current.withValue(signal) { try await chunker.chunk(Self.document) }
            return false
        } catch is CancellationSignal.Stopped {
            return true
        } catch {
            Issue.record("unexpected error: \(error)")
            return false
        }
    }

    /// Counts words as the default counter does and fires `signal` after `after` calls.
    struct CancellingCounter: TokenCounter {
        let signal: CancellationSignal
        let after: Int
        let calls = CallCounter()
        func count(_ text: Substring) -> Int {
            calls.increment()
            if calls.value == after { signal.cancel("the client left") }
            return ApproximateTokenCounter().count(text)
        }
    }

    @Test(arguments: ["fixed-token", "sentence"])
    func theCountingChunkersStopWithinAFewHundredWords(_ name: String) async {
        let signal = CancellationSignal()
        let counter = CancellingCounter(signal: signal, after: 100)
        let chunker: any Chunker = name == "sentence"
            ? SentenceChunker(targetTokens: 50, counter: counter) : FixedTokenChunker(targetTokens: 50, counter: counter)
        #expect(await stopped(chunker, signal: signal))
        // Fixed-token checks every 256 words; the sentence chunker every sentence.
        #expect(counter.calls.value <= 100 + 256, "\(counter.calls.value) words counted of 12,000")
    }

    /// Fires `signal` on its first call: the document's first batch of sentences.
    struct CancellingEmbedder: SentenceEmbedder {
        let signal: CancellationSignal
        let calls = CallCounter()
        func embed(_ texts: [String]) throws -> [[Float]] {
            calls.increment()
            signal.cancel("the client left")
            return texts.map { _ in [1, 0] }
        }
    }

    @Test func theSemanticChunkerStopsAfterTheBatchInFlight() async {
        let signal = CancellationSignal()
        let embedder = CancellingEmbedder(signal: signal)
        let chunker = SemanticChunker(targetTokens: 40, tokenizer: WordTokenizer(), embedder: embedder)
        #expect(await stopped(chunker, signal: signal))
        #expect(embedder.calls.value == 1, "\(embedder.calls.value) batches of 47 embedded")
    }

    /// Keeps sentences together, and fires `signal` on its third question.
    struct CancellingJudge: ChoiceModel {
        let signal: CancellationSignal
        let calls = CallCounter()
        func probabilityMargin(prompt: String, first: String, second: String) throws -> Double {
            calls.increment()
            if calls.value == 3 { signal.cancel("the client left") }
            return 1
        }
    }

    @Test func theMarginSamplingChunkerStopsBeforeItsNextQuestion() async {
        let signal = CancellationSignal()
        let judge = CancellingJudge(signal: signal)
        let chunker = MarginSamplingChunker(targetTokens: 40, tokenizer: WordTokenizer(), model: judge)
        #expect(await stopped(chunker, signal: signal))
        #expect(judge.calls.value == 3, "\(judge.calls.value) questions asked")
    }

    /// Scores like ``WordLengthScorer`` and fires `signal` on its first window.
    struct CancellingScorer: CausalTokenScorer {
        let signal: CancellationSignal
        let calls = CallCounter()
        func logProbabilities(of tokens: [Int]) throws -> [Float] {
            calls.increment()
            signal.cancel("the client left")
            return tokens.dropFirst().map { -Float($0) }
        }
    }

    @Test func thePerplexityChunkerStopsBeforeItsNextWindow() async {
        let signal = CancellationSignal()
        let scorer = CancellingScorer(signal: signal)
        let chunker = PerplexityChunker(
            targetTokens: 40, tokenizer: WordTokenizer(), scorer: scorer, windowing: WindowedSurprisal(window: 64, overlap: 8),
            meter: ScoringMeter(assumedTokensPerSecond: 1_000_000)
        )
        #expect(await stopped(chunker, signal: signal))
        #expect(scorer.calls.value == 1, "\(scorer.calls.value) windows of 64 tokens scored")
    }

    /// Tokenizes like ``WordTokenizer`` and fires `signal` on its fifth sentence.
    struct CancellingTokenizer: TextTokenizer {
        let signal: CancellationSignal
        let calls = CallCounter()
        func tokens(of text: Substring) -> [TextToken] {
            calls.increment()
            if calls.value == 5 { signal.cancel("the client left") }
            return WordTokenizer().tokens(of: text)
        }
    }

    @Test(arguments: ["semantic", "margin", "perplexity"])
    func theModelDrivenChunkersStopWhileTokenizing(_ name: String) async {
        // The pass every model-driven chunker starts with (sentences through the model's
        // tokenizer) is a loop over the whole document too.
        let signal = CancellationSignal()
        let tokenizer = CancellingTokenizer(signal: signal)
        let chunker: any Chunker = switch name {
        case "semantic": SemanticChunker(targetTokens: 40, tokenizer: tokenizer, embedder: CancellingEmbedder(signal: signal))
        case "margin": MarginSamplingChunker(targetTokens: 40, tokenizer: tokenizer, model: CancellingJudge(signal: signal))
        default: PerplexityChunker(targetTokens: 40, tokenizer: tokenizer, scorer: CancellingScorer(signal: signal))
        }
        #expect(await stopped(chunker, signal: signal))
        #expect(tokenizer.calls.value == 5, "\(tokenizer.calls.value) sentences tokenized of 3,000")
    }
}
