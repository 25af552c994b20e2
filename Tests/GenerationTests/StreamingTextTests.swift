import Generation
import QuarryCore
import Testing

/// Guards the pieces between a model's tokens and the text a user sees: stop
/// sequences found across piece boundaries and never shown, characters split across
/// tokens never shown half, and the order sources are numbered in.
@Suite("Streaming text")
struct StreamingTextTests {
    @Test func aStopSequenceSplitAcrossPiecesEndsTheTextWithoutShowingIt() {
        var filter = StopSequenceFilter(stopSequences: ["\nQuestion:"])
        var shown = ""
        for piece in ["The answer", " is 42.\nQue", "stion: what", " else"] {
            shown += filter.feed(piece)
            if filter.stopped { break }
        }
        shown += filter.flush()
        #expect(shown == "The answer is 42.")
        #expect(filter.stopped)
    }

    @Test func textThatOnlyLooksLikeAStopSequenceIsReleased() {
        var filter = StopSequenceFilter(stopSequences: ["###"])
        var shown = filter.feed("a #")
        #expect(shown == "a ")  // the "#" may start "###": held back
        shown += filter.feed("# b")
        shown += filter.flush()
        #expect(shown == "a ## b")
        #expect(!filter.stopped)
    }

    @Test func aCharacterSplitAcrossTokensIsShownWhole() {
        var assembler = UTF8Assembler()
        let bytes = Array("née 😀".utf8)
        var shown: [String] = []
        for byte in bytes { shown.append(assembler.append([byte])) }
        shown.append(assembler.flush())
        #expect(shown.joined() == "née 😀")
        #expect(shown.allSatisfy { !$0.contains("\u{FFFD}") })
        // Bytes that can never be UTF-8 come out as replacement characters, not stuck.
        var broken = UTF8Assembler()
        #expect(broken.append([0xFF, 0xFE, 0x41, 0x42]).contains("\u{FFFD}"))
    }

    @Test func bothEndsPutsTheStrongestPassagesFirstAndLast() {
        let passages = (1...5).map { rank in
            ContextPassage(RetrievedChunk(chunkID: Int64(rank), document: "d", title: nil, byteStart: 0, byteEnd: 1,
                                          text: "p\(rank)", tokens: 1, score: 1, rank: rank))
        }
        #expect(SourceOrder.bothEnds.arrange(passages).map(\.chunk.chunkID) == [1, 3, 5, 4, 2])
        #expect(SourceOrder.relevanceFirst.arrange(passages).map(\.chunk.chunkID) == [1, 2, 3, 4, 5])
        let prompt = CitationPrompt(question: "Why?", context: passages, order: .bothEnds)
        #expect(prompt.userTurn.contains("[2]\np3"))
        #expect(prompt.userTurn.hasSuffix("Question: Why?"))
    }

    @Test func serverSentEventsSplitAnywhereAreReassembled() throws {
        let stream = "data: {\"a\":1}\r\n\r\n: comment\nevent: x\ndata: two\ndata: lines\n\ndata: [DONE]\n\n"
        var parser = ServerSentEventParser()
        var events: [String] = []
        for byte in Array(stream.utf8) { events += try parser.feed([byte]) }
        #expect(events == ["{\"a\":1}", "two\nlines", "[DONE]"])
        var tail = ServerSentEventParser()
        #expect(try tail.feed(Array("data: last".utf8)).isEmpty)
        #expect(tail.finish() == "last")
    }
}
