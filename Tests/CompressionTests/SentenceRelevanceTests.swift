import Compression
import QuarryCore
import Testing

@Suite("Compression sentence relevance")
struct SentenceRelevanceTests {
    private static func passage(_ text: String, id: Int64) -> ContextPassage {
        ContextPassage(RetrievedChunk(
            chunkID: id, document: "d\(id).txt", title: nil, byteStart: 0, byteEnd: text.utf8.count, text: text,
            tokens: text.utf8.count / 4, score: 1, rank: Int(id)
        ))
    }

    private static func compress(_ texts: [String], question: String, tokens: Int) async throws -> String {
        let compressor = PromptCompressor(
            name: "lexical", target: .tokens(tokens), tokenizer: try Fixtures.tokenizer.get(), scorer: PositionScorer()
        )
        let passages = texts.enumerated().map { passage($1, id: Int64($0 + 1)) }
        return try await compressor.compress(question: question, passages: passages).map(\.text).joined(separator: "|")
    }

    /// Guards the neighbours' share: the sentence after the best match (an answer that
    /// runs on) is kept whole before an unrelated sentence that comes earlier, which
    /// position alone would prefer.
    @Test func theSentenceNextToTheBestMatchComesBeforeAnUnrelatedOne() async throws {
        let unrelated = "Rainfall in the valley was low that spring and the wells ran dry early."
        let next = "It was meant to carry grain to the coast before the winter storms closed the roads."
        let kept = try await Self.compress(
            [unrelated, "The canal was finished after nine years of digging. " + next],
            question: "Why was the canal finished?", tokens: 36
        )
        #expect(kept.contains(next), "\(kept)")
        #expect(!kept.contains(unrelated), "\(kept)")
    }

    /// Guards the bridge terms of a multi-hop question: the second paragraph shares no
    /// word with the question, only the name the best sentence holds ("Kowalski"), and
    /// its sentence is kept whole before an unrelated one that comes earlier.
    @Test func aBridgeNameBringsTheSecondParagraph() async throws {
        let unrelated = "Rainfall in the valley was low that spring and the wells ran dry early."
        let bridge = "Kowalski grew up in a fishing village on the northern shore."
        let kept = try await Self.compress(
            [
                "The film Silent Harbour was directed by Kowalski in a small studio.",
                unrelated,
                bridge,
            ],
            question: "Where did the director of the film Silent Harbour grow up?", tokens: 32
        )
        #expect(kept.contains(bridge), "\(kept)")
        #expect(!kept.contains(unrelated), "\(kept)")
    }
}
