import Chunking
import QuarryCore
import Testing

/// Meta-Chunking's boundary rule, the merge step, windowed scoring and the perplexity
/// chunker end to end, on fixed score sequences and context-free fake models.
struct PerplexityChunkerTests {
    @Test func strictLocalMinimaCloseChunksAtThresholdZero() {
        let closes = PerplexityBoundaryRule(threshold: 0).boundaries([3, 1, 2, 5, 4, 6, 2])
        // Minima at 1 (1 < 3, 2) and 4 (4 < 5, 6); the ends are never marked.
        #expect(closes == [false, true, false, false, true, false, false])
    }

    @Test func thresholdNeedsTheLargerDropToReachTheta() {
        let scores: [Double] = [3, 2.5, 2.7, 5, 1, 1.2]
        // The minimum at 1 drops 0.5 and 0.2 (the larger counts: 0.5); the one at 4 drops 4.
        #expect(PerplexityBoundaryRule(threshold: 0.6).boundaries(scores) == [false, false, false, false, true, false])
        #expect(PerplexityBoundaryRule(threshold: 0.5).boundaries(scores) == [false, true, false, false, true, false])
    }

    @Test func flatBottomClosesAtItsFirstSentenceWhenTheDropIsLargeEnough() {
        #expect(PerplexityBoundaryRule(threshold: 1).boundaries([4, 2, 2, 3]) == [false, true, false, false])
        #expect(PerplexityBoundaryRule(threshold: 3).boundaries([4, 2, 2, 3]) == [false, false, false, false])
    }

    @Test func shortSequencesHaveNoBoundaries() {
        #expect(PerplexityBoundaryRule().boundaries([]) == [])
        #expect(PerplexityBoundaryRule().boundaries([1, 0]) == [false, false])
    }

    @Test func mergerJoinsMetaChunksWhileTheyFit() {
        let merger = MetaChunkMerger(targetTokens: 10)
        // Meta-chunks: [0,1] (6 tokens), [2] (3), [3,4] (8), [5] (2).
        let groups = merger.merge(sizes: [3, 3, 3, 4, 4, 2], closes: [false, true, true, false, true, false],
                                  strength: [0, 0, 0, 0, 0, 0])
        #expect(groups == [0..<3, 3..<6])
    }

    @Test func mergerCutsAnOversizedMetaChunkAtItsStrongestBoundary() {
        let merger = MetaChunkMerger(targetTokens: 6)
        // One meta-chunk of 12 tokens: cut after unit 2 (strength 2) into 7 + 5 tokens, the
        // 7 after unit 0 (0.5 beats 0.1) into 3 + 4; 3 + 4 and 4 + 5 are over 6, so no merge.
        let groups = merger.merge(sizes: [3, 2, 2, 3, 2], closes: [false, false, false, false, false],
                                  strength: [0.5, 0.1, 2, 0.3, 0])
        #expect(groups == [0..<1, 1..<3, 3..<5])
        for group in groups { #expect([3, 2, 2, 3, 2][group].reduce(0, +) <= 6) }
    }

    @Test func mergerNeverLeavesAnEmptyFirstChunk() {
        // The reference emitted an empty chunk when the first meta-chunk exceeded the target.
        let groups = MetaChunkMerger(targetTokens: 4).merge(sizes: [4, 1], closes: [true, false], strength: [0, 0])
        #expect(groups == [0..<1, 1..<2])
    }

    @Test func windowedScoringScoresEveryTokenOnceWithAtLeastTheOverlapAsContext() throws {
        let tokens = Array(0..<50)
        let nats = try WindowedSurprisal(window: 16, overlap: 4).surprisal(of: tokens, scorer: ContextLengthScorer())
        #expect(nats.count == 50)
        #expect(nats[0].isNaN)
        for position in 1..<50 {
            // Context seen = nats value; at least min(position, overlap), at most window − 1.
            #expect(nats[position] >= Float(min(position, 4)))
            #expect(nats[position] <= 15)
        }
        #expect(Array(nats[1..<16]) == (1..<16).map(Float.init))
    }

    @Test func windowedScoringMatchesOnePassForAContextFreeModel() throws {
        let tokens = (0..<40).map { $0 % 7 + 1 }
        let windowed = try WindowedSurprisal(window: 8, overlap: 3).surprisal(of: tokens, scorer: WordLengthScorer())
        #expect(Array(windowed.dropFirst()) == tokens.dropFirst().map(Float.init))
    }

    @Test func windowThatCannotAdvanceIsRefused() {
        #expect(throws: ChunkingError.self) {
            try WindowedSurprisal(window: 4, overlap: 4).surprisal(of: [1, 2, 3, 4, 5], scorer: WordLengthScorer())
        }
    }

    /// Sentences whose words are short (low surprisal) sit between long-word ones.
    static let text = "Elaborate sentences overflow. Tiny ok. Gigantic vocabulary everywhere. "
        + "Again huge verbosity. A b c. Extraordinary multisyllabic terminology. Last words here."

    @Test func chunksCloseAtLowSurprisalSentencesAndCarryTheirSurprisal() throws {
        let chunker = PerplexityChunker(targetTokens: 8, tokenizer: WordTokenizer(), scorer: WordLengthScorer())
        let chunks = try chunker.chunk(Self.text)
        ChunkInvariants.check(chunks, of: Self.text)
        // Sentence scores 9, 3.5, 9.67, 6.33, 1.33, 12.67, 4.67: minima at "Tiny ok." and
        // "A b c." close meta-chunks; the middle one (9 tokens) is cut where surprisal rises
        // most (after "Gigantic…"), and the merge then joins pieces up to 8 tokens.
        #expect(chunks.map(\.text) == [
            "Elaborate sentences overflow. Tiny ok. Gigantic vocabulary everywhere.",
            "Again huge verbosity. A b c.",
            "Extraordinary multisyllabic terminology. Last words here.",
        ])
        for chunk in chunks {
            #expect(chunk.tokenCount == WordTokenizer().count(chunk.text[...]))
            let surprisal = try #require(chunk.surprisal)
            #expect(surprisal.tokenStarts.count == chunk.tokenCount)
            #expect(surprisal.tokenStarts.first == 0)
            // Each token's surprisal is its word's length; the first word of the document
            // (no prediction) gets its sentence's mean instead.
            for (index, start) in surprisal.tokenStarts.enumerated() where chunk.byteStart + start > 0 {
                let end = index + 1 < surprisal.tokenStarts.count ? surprisal.tokenStarts[index + 1] : chunk.text.utf8.count
                let word = String(decoding: Array(chunk.text.utf8)[start..<end], as: UTF8.self)
                    .trimmingCharactersInWhitespace()
                #expect(surprisal.nats[index] == Float(word.unicodeScalars.count))
            }
        }
    }

    @Test func aDocumentThatFitsOneChunkIsNotScored() throws {
        struct FailingScorer: CausalTokenScorer {
            func logProbabilities(of tokens: [Int]) throws -> [Float] { throw ChunkingError(reason: "scored") }
        }
        let chunker = PerplexityChunker(targetTokens: 100, tokenizer: WordTokenizer(), scorer: FailingScorer())
        let chunks = try chunker.chunk("  One short text. Two sentences.  ")
        #expect(chunks.map(\.text) == ["One short text. Two sentences."])
        #expect(chunks[0].surprisal == nil)
    }

    @Test func aDocumentOverTheTimeBudgetIsPackedBySentencesWithAWarning() throws {
        let warnings = WarningLog()
        let meter = ScoringMeter(assumedTokensPerSecond: 1, onWarning: { warnings.append($0) })
        let chunker = PerplexityChunker(targetTokens: 8, tokenizer: WordTokenizer(), scorer: WordLengthScorer(),
                                        secondsPerDocument: 5, meter: meter)
        let chunks = try chunker.chunk(Self.text)
        ChunkInvariants.check(chunks, of: Self.text)
        #expect(chunks.allSatisfy { $0.surprisal == nil && $0.tokenCount <= 8 })
        #expect(warnings.messages.count == 1)
    }

    @Test func aSentenceOverTheTargetIsCutIntoPiecesNotTruncated() throws {
        let long = (1...40).map { "w\($0)" }.joined(separator: " ") + "."
        let text = "Short one. " + long + " End."
        for chunker in [
            PerplexityChunker(targetTokens: 16, tokenizer: WordTokenizer(), scorer: WordLengthScorer()),
        ] {
            let chunks = try chunker.chunk(text)
            ChunkInvariants.check(chunks, of: text)
            #expect(chunks.allSatisfy { $0.tokenCount <= 16 })
        }
    }

    @Test func aWordWithoutSpacesLongerThanTheTargetIsCutAtCharacters() throws {
        // One token per scalar: no whitespace anywhere, multi-byte characters throughout.
        struct ScalarTokenizer: TextTokenizer {
            func tokens(of text: Substring) -> [TextToken] {
                text.unicodeScalars.map { TextToken(id: 1, byteCount: String($0).utf8.count) }
            }
        }
        let text = String(repeating: "日本語のテキスト", count: 10)
        let chunker = PerplexityChunker(targetTokens: 16, tokenizer: ScalarTokenizer(), scorer: WordLengthScorer())
        let chunks = try chunker.chunk(text)
        ChunkInvariants.check(chunks, of: text)
        #expect(chunks.allSatisfy { $0.tokenCount <= 16 })
    }

    @Test func emptyAndBlankTextGiveNoChunks() throws {
        let chunker = PerplexityChunker(targetTokens: 8, tokenizer: WordTokenizer(), scorer: WordLengthScorer())
        #expect(try chunker.chunk("").isEmpty)
        #expect(try chunker.chunk(" \n\t\n ").isEmpty)
    }

    @Test func chunkingIsDeterministic() throws {
        let chunker = PerplexityChunker(targetTokens: 8, tokenizer: WordTokenizer(), scorer: WordLengthScorer())
        #expect(try chunker.chunk(Self.text) == chunker.chunk(Self.text))
    }
}

/// Collects warnings from a meter's callback.
final class WarningLog: @unchecked Sendable {
    private(set) var messages: [String] = []
    func append(_ message: String) { messages.append(message) }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
