import Chunking
import Testing

/// Invariants every chunker keeps, and the packing behaviour of each.
struct ChunkerTests {
    static let prose = """
    Quarry splits documents into chunks. Each chunk is a run of whole sentences. \
    Dr. Smith measured 3.14 units, e.g. in Fig. 2, and the U.S. team agreed. \
    “Is it fast?” she asked. It is.

    A second paragraph follows here. It has an extremely long sentence that goes on and on \
    with many words so that it is certainly longer than the small target size used in the \
    test, which forces the chunker to cut it at word boundaries without losing any text at all. \
    日本語の文もあります。短い文。
    """

    static let chunkers: [any Chunker] = [
        SentenceChunker(targetTokens: 12),
        SentenceChunker(targetTokens: 40),
        SentenceChunker(),
        FixedTokenChunker(targetTokens: 7),
        FixedTokenChunker(),
    ]

    @Test(arguments: 0..<chunkers.count)
    func chunksAreVerbatimOrderedAndCoverAllText(_ which: Int) async throws {
        let chunks = try await Self.chunkers[which].chunk(Self.prose)
        ChunkInvariants.check(chunks, of: Self.prose)
    }

    @Test func chunksStayWithinTheTarget() async throws {
        let counter = ApproximateTokenCounter()
        for target in [1, 3, 12, 40] {
            for chunker in [SentenceChunker(targetTokens: target), FixedTokenChunker(targetTokens: target)] as [any Chunker] {
                for chunk in try await chunker.chunk(Self.prose) {
                    #expect(chunk.tokenCount <= target)
                    #expect(chunk.tokenCount == counter.count(chunk.text[...]))
                }
            }
        }
    }

    @Test func sentenceChunkerKeepsSentencesWholeWhenTheyFit() throws {
        let text = "One two three. Four five six. Seven eight nine. Ten."
        let chunks = try SentenceChunker(targetTokens: 8).chunk(text)
        #expect(chunks.map(\.text) == ["One two three. Four five six.", "Seven eight nine. Ten."])
        #expect(chunks.map(\.tokenCount) == [8, 6])
    }

    @Test func longSentenceGetsItsOwnChunksCutAtWords() throws {
        let text = "Short. A b c d e f g h i j. Tail."
        let chunks = try SentenceChunker(targetTokens: 4).chunk(text)
        #expect(chunks.map(\.text) == ["Short.", "A b c d", "e f g h", "i j.", "Tail."])
    }

    @Test func wordLongerThanTheTargetIsCutNotDropped() throws {
        let word = String(repeating: "x", count: 100)
        let chunks = try FixedTokenChunker(targetTokens: 5).chunk("start \(word) end")
        ChunkInvariants.check(chunks, of: "start \(word) end")
        #expect(chunks.allSatisfy { $0.tokenCount <= 5 })
        #expect(chunks.map(\.text).joined().count == "start\(word)end".count)
    }

    @Test func unspacedCJKTextIsCutIntoFullPieces() async throws {
        let text = String(repeating: "日本語の文章を分割する", count: 100)  // 1,100 scalars, no spaces or marks
        for chunker in [FixedTokenChunker(targetTokens: 10), SentenceChunker(targetTokens: 10)] as [any Chunker] {
            let chunks = try await chunker.chunk(text)
            ChunkInvariants.check(chunks, of: text)
            #expect(chunks.count == 110)
            #expect(chunks.allSatisfy { $0.tokenCount == 10 })
        }
    }

    @Test func fixedChunkerMakesFullWindows() throws {
        let text = (1...10).map { "w\($0)" }.joined(separator: " ")
        let chunks = try FixedTokenChunker(targetTokens: 4).chunk(text)
        #expect(chunks.map(\.text) == ["w1 w2 w3 w4", "w5 w6 w7 w8", "w9 w10"])
    }

    @Test func emptyOrWhitespaceInputGivesNoChunks() throws {
        #expect(try SentenceChunker().chunk("").isEmpty)
        #expect(try SentenceChunker().chunk("  \n\n \t").isEmpty)
        #expect(try FixedTokenChunker().chunk("\u{3000} \n").isEmpty)
    }

    @Test func targetBelowOneIsAnErrorSayingWhatToPass() {
        #expect(throws: ChunkingError.self) { try SentenceChunker(targetTokens: 0).chunk("Hello.") }
        do {
            _ = try FixedTokenChunker(targetTokens: -3).chunk("Hello.")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("--target-size"))
        }
    }

    @Test func customCounterIsUsed() throws {
        struct CharacterCounter: TokenCounter {
            func count(_ text: Substring) -> Int { text.filter { !$0.isWhitespace }.count }
        }
        let chunks = try SentenceChunker(targetTokens: 10, counter: CharacterCounter()).chunk("Abc. Defg. Hijklmn.")
        #expect(chunks.map(\.text) == ["Abc. Defg.", "Hijklmn."])
        #expect(chunks.map(\.tokenCount) == [9, 8])
    }
}
