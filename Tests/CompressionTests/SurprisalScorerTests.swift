import Compression
import Models
import QuarryCore
import Testing

@Suite("Compression surprisal", .serialized)
struct SurprisalScorerTests {
    /// Guards the stored path: surprisal read from a source, cut into other tokens than
    /// the generator's, lands on the right tokens (each token gets the stored values
    /// that fall inside it), and no decoder is needed.
    @Test func storedSurprisalAlignsToTheGeneratorsTokens() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let passage = Fixtures.passages()[0]
        let tokenized = try TokenizedPassage(passage, tokenizer: tokenizer, granularity: .token, protection: .none)
        // Stored tokens: one per byte, with surprisal equal to the byte offset.
        let length = passage.text.utf8.count
        let stored = TokenSurprisal(tokenStarts: Array(0..<length), nats: (0..<length).map(Float.init))
        let source = InMemorySurprisalSource([passage.chunk.chunkID: stored])
        let scores = try await StoredSurprisalScorer(source: source, decoder: nil)
            .scores(question: "q", passages: [tokenized], keepRates: [0.5])
        for t in 0..<tokenized.tokenCount {
            let start = tokenized.tokenStarts[t], end = t + 1 < tokenized.tokenCount ? tokenized.tokenStarts[t + 1] : length
            #expect(abs(scores[0][t] - Float(start + end - 1) / 2) < 1e-3)
        }
    }

    /// Guards the fallback: a chunk without stored surprisal and no decoder is an error
    /// that says what to do, not a silent guess.
    @Test func missingStoredSurprisalWithoutADecoderIsAnError() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let tokenized = try TokenizedPassage(Fixtures.passages()[1], tokenizer: tokenizer, granularity: .token, protection: .none)
        let error = await #expect(throws: QuarryError.self) {
            try await StoredSurprisalScorer(source: InMemorySurprisalSource(), decoder: nil)
                .scores(question: "q", passages: [tokenized], keepRates: [0.5])
        }
        #expect(error?.kind == .unavailable)
    }

    /// Guards the live pass: with nothing pruned (keep-rate 1) its surprisal is the
    /// decoder's own for question prefix + contexts in one batch, window after window
    /// through the KV cache (tolerance: LlamaGoldenTests' pieces-vs-batch logit bound).
    /// With pruning, the cache holds only the kept tokens, so later windows differ.
    @Test func livePassMatchesOneBatchWhenNothingIsPruned() async throws {
        let decoder = try Fixtures.decoder.get()
        let passages = try Fixtures.passages().prefix(2).map {
            try TokenizedPassage($0, tokenizer: decoder.tokenizer, granularity: .word, protection: .none)
        }
        let question = "How tall is the tower?"
        let live = try await LiveSurprisalScorer(decoder: decoder, windowSize: 40)
            .scores(question: question, passages: passages, keepRates: [1, 1])
        let prefix = decoder.tokenizer.encode("Question: " + question + "\nContext:\n")
        let separator = decoder.tokenizer.encode("\n\n")
        let all = prefix + passages[0].tokenIDs + separator + passages[1].tokenIDs
        let batch = try decoder.score(all).logProbabilities.map { -$0 }
        let first = Array(batch[(prefix.count - 1)..<(prefix.count - 1 + passages[0].tokenCount)])
        let secondStart = prefix.count + passages[0].tokenCount + separator.count - 1
        let second = Array(batch[secondStart..<(secondStart + passages[1].tokenCount)])
        #expect(zip(live[0], first).allSatisfy { abs($0 - $1) < 0.05 })
        #expect(zip(live[1], second).allSatisfy { abs($0 - $1) < 0.05 })

        let pruned = try await LiveSurprisalScorer(decoder: decoder, windowSize: 40)
            .scores(question: question, passages: passages, keepRates: [0.3, 0.3])
        #expect(zip(pruned[1], second).contains { abs($0 - $1) > 0.05 })
    }

    /// Guards the cache surgery the live pass relies on: retaining a prefix of positions
    /// equals truncating to it, and positions out of order or past the cache are refused.
    @Test func retainingPositionsKeepsTheirKeysAndValues() throws {
        let decoder = try Fixtures.decoder.get()
        let ids = decoder.tokenizer.encode("The quick brown fox jumps over the lazy dog because it was")
        let a = decoder.makeSession(capacity: ids.count), b = decoder.makeSession(capacity: ids.count)
        _ = try a.appendAndScore(Array(ids[0..<8]))
        try a.retain(positions: Array(0..<5))
        _ = try b.appendAndScore(Array(ids[0..<5]))
        let tail = Array(ids[5...])
        // The same Float32 path; only sgemm's blocking differs between an 8- and a 5-row
        // batch (bound: LlamaGoldenTests' pieces-vs-batch logit tolerance).
        let (x, y) = (try a.appendAndScore(tail), try b.appendAndScore(tail))
        #expect(zip(x.logProbabilities + x.next, y.logProbabilities + y.next).allSatisfy { abs($0 - $1) < 0.05 })
        #expect(throws: ModelError.self) { try a.retain(positions: [3, 2]) }
        #expect(throws: ModelError.self) { try a.retain(positions: [a.count]) }
    }
}
