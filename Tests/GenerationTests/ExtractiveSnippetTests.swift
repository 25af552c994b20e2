import Foundation
import Generation
import QuarryCore
import Synchronization
import Testing

/// The extractive generator's snippet rules that the datasets measure only in aggregate:
/// the second hop of a multi-hop question, the example a how-to answer reaches for, and
/// the bound on how many sentences are embedded per answer.
@Suite("Extractive snippets")
struct ExtractiveSnippetTests {
    static func passage(_ id: Int64, _ document: String, title: String?, _ text: String, rank: Int) -> ContextPassage {
        ContextPassage(RetrievedChunk(
            chunkID: id, document: document, title: title, byteStart: 0, byteEnd: text.utf8.count, text: text,
            tokens: text.count / 4, score: 1, rank: rank
        ))
    }

    /// Counts the sentences it is asked to score; each one's similarity is 0.5.
    final class CountingRelevance: SentenceRelevance {
        let asked = Mutex<[Int]>([])
        func similarities(question: String, questionVector: [Float]?, sentences: [String]) async throws -> [Float] {
            asked.withLock { $0.append(sentences.count) }
            return sentences.map { _ in 0.5 }
        }
    }

    /// Guards the second hop: the answer to "what did the writer Lucy Saunders honoured
    /// write about" is in the passage her paragraph names by title, in a sentence that
    /// shares almost no word with the question; without bridging it is not in the answer.
    @Test func aPassageTheBestOneNamesByTitleJoinsTheAnswer() async throws {
        let context = [
            Self.passage(1, "Lucy Saunders", title: "Lucy Saunders", """
                Lucy Saunders (born 1957) is an American writer of books about beer. She contributed essays to the \
                collection "Beer Hunter, Whisky Chaser" in honor of Michael Jackson (writer), a British author.
                """, rank: 1),
            Self.passage(2, "Tiger", title: "Tiger", "The tiger is the largest living cat species and a member of the genus Panthera.", rank: 2),
            Self.passage(3, "Michael Jackson (writer)", title: "Michael Jackson (writer)", """
                Michael James Jackson (27 March 1942 – 30 August 2007) was an English writer and journalist. He was \
                the author of many influential books about beer and whisky.
                """, rank: 3),
        ]
        let question = "Which writer did Lucy Saunders honour with essays in Beer Hunter, Whisky Chaser?"
        let snippet = ExtractiveGenerator(style: .snippets, maxPassages: 1)
        let bridged = try await snippet.answer(question: question, context: context)
        #expect(bridged.text.contains("books about beer and whisky"), "\(bridged.text)")
        #expect(bridged.citations.map(\.chunkID) == [1, 3])
        #expect(!bridged.text.contains("tiger"))
        let single = try await ExtractiveGenerator(style: .snippets, maxPassages: 1, bridging: false)
            .answer(question: question, context: context)
        #expect(!single.text.contains("whisky."), "\(single.text)")
        #expect(single.citations.map(\.chunkID) == [1])
    }

    /// A title is a bridge only as whole words of another document: "Star" inside
    /// "restart" or a passage of the same document is not.
    @Test func aTitleInsideAWordOrTheSameDocumentIsNoBridge() {
        let context = [
            Self.passage(1, "a", title: "A", "The restart of the Chicago plant was in 1990.", rank: 1),
            Self.passage(2, "b", title: "Star", "A star is a luminous spheroid of plasma.", rank: 2),
            Self.passage(3, "c", title: "Chicago (city)", "Chicago is a city.", rank: 3),
            Self.passage(4, "a", title: "A", "More about the plant.", rank: 4),
        ]
        #expect(BridgePassage.targets(from: 0, in: context) == [2])
    }

    /// Guards issue 20's how-to answers: "You can update existing rows using the UPDATE
    /// command." is the best sentence, and the example two sentences on is the answer.
    @Test func aHowToAnswerReachesTheExampleAnnouncedJustAfter() async throws {
        let text = """
            You can update existing rows using the UPDATE command. Suppose the temperature readings are all off by \
            2 degrees after November 28. You can correct the data as follows:

            UPDATE weather SET temp_hi = temp_hi - 2 WHERE date > '1994-11-28';

            Look at the new state of the data.
            """
        let context = [Self.passage(1, "tutorial-update.html", title: "Updates", text, rank: 1)]
        let snippet = ExtractiveGenerator(style: .snippets, maxPassages: 1)
        let howTo = try await snippet.answer(question: "How do I update existing rows?", context: context)
        #expect(howTo.text.contains("UPDATE weather SET"), "\(howTo.text)")
        #expect(!howTo.text.contains("Look at"))
        // A question that is not a how-to keeps the one sentence.
        let what = try await snippet.answer(question: "What updates existing rows?", context: context)
        #expect(!what.text.contains("UPDATE weather SET"), "\(what.text)")
    }

    /// Guards the default (`--answer-style sentences`) against the snippet rules: each
    /// matching sentence is cited on its own, in context order, and nothing is reached
    /// for (the announcing sentence between them stays out).
    @Test func theDefaultStyleQuotesTheBestSentencesAloneInContextOrder() async throws {
        let text = """
            You can update existing rows using the UPDATE command. Suppose the temperature readings are all off by \
            2 degrees after November 28. You can correct the data as follows:

            UPDATE weather SET temp_hi = temp_hi - 2 WHERE date > '1994-11-28';
            """
        let context = [Self.passage(1, "tutorial-update.html", title: "Updates", text, rank: 1)]
        let answer = try await ExtractiveGenerator().answer(question: "How do I update existing rows?", context: context)
        #expect(answer.citations.map(\.text) == [
            "You can update existing rows using the UPDATE command.",
            "UPDATE weather SET temp_hi = temp_hi - 2 WHERE date > '1994-11-28';",
        ])
        #expect(!answer.text.contains("as follows"))
    }

    /// Guards the cost: before, every candidate sentence was embedded (about a second an
    /// answer on a 1,000-token context); now at most `maxEmbedded`, in one batch, and none at 0.
    @Test func atMostMaxEmbeddedSentencesAreEmbeddedInOneBatch() async throws {
        let sentences = (1...40).map { "Sentence number \($0) says something about the tower in Paris." }
        let context = [Self.passage(1, "d", title: nil, sentences.joined(separator: " "), rank: 1)]
        let relevance = CountingRelevance()
        let answer = try await ExtractiveGenerator(style: .snippets, relevance: relevance, maxEmbedded: 12)
            .answer(question: "What about the tower?", context: context)
        #expect(!answer.citations.isEmpty)
        #expect(relevance.asked.withLock { $0 } == [12])
        // 0 is overlap alone (`--snippet-embed 0`): nothing is embedded, an answer still comes.
        let lexical = try await ExtractiveGenerator(style: .snippets, relevance: relevance, maxEmbedded: 0)
            .answer(question: "What about the tower?", context: context)
        #expect(!lexical.citations.isEmpty)
        #expect(relevance.asked.withLock { $0 } == [12])
        await #expect(throws: QuarryError.self) {
            try await ExtractiveGenerator(style: .snippets, maxEmbedded: 257).answer(question: "tower", context: context)
        }
    }
}
