import Generation
import QuarryCore
import Testing

/// Guards how answers' bracketed citations become citations of documents and byte
/// ranges, and how an answer that cites nothing or an unknown source is flagged.
@Suite("CitationParser")
struct CitationParserTests {
    static func passage(_ id: Int64, _ text: String, at start: Int, document: String = "doc.txt") -> ContextPassage {
        ContextPassage(RetrievedChunk(
            chunkID: id, document: document, title: nil, byteStart: start, byteEnd: start + text.utf8.count,
            text: text, tokens: 10, score: 1, rank: Int(id)
        ))
    }

    @Test func readsTheCitationFormsModelsWrite() {
        #expect(CitationParser.citedNumbers(in: "A [1]. B [2][3]. C [3, 4]. D [Source 5].") == [1, 2, 3, 4, 5])
        #expect(CitationParser.citedNumbers(in: "Ranges [1-3] count each source once [2].") == [1, 2, 3])
        // Brackets that are not citations are ignored, as is an unclosed one.
        #expect(CitationParser.citedNumbers(in: "an array a[i] or [note] or [] or [12") == [])
    }

    @Test func mapsEachCitedSourceToItsDocumentAndBytes() {
        let sources = [Self.passage(7, "VACUUM reclaims storage.", at: 100, document: "a.txt"),
                       Self.passage(9, "ANALYZE collects statistics.", at: 40, document: "b.txt")]
        let answer = CitationParser.answer("ANALYZE gathers statistics [2]; VACUUM reclaims [1][2].", sources: sources)
        #expect(answer.citationFlags.isEmpty)
        #expect(answer.citations.map(\.source) == [2, 1])
        #expect(answer.citations.map(\.chunkID) == [9, 7])
        #expect(answer.citations[0].document == "b.txt")
        #expect(answer.citations[0].byteStart == 40)
        #expect(answer.citations[0].byteEnd == 40 + "ANALYZE collects statistics.".utf8.count)
    }

    @Test func aCompressedPassageCitesTheSourceBytesItsPiecesCameFrom() {
        // Kept "VACUUM" (source 200..<206) and "storage." (source 215..<223) joined by " … ".
        let chunk = Self.passage(1, "VACUUM reclaims storage.", at: 200).chunk
        let passage = ContextPassage(
            chunk: chunk, text: "VACUUM … storage.",
            pieces: [.init(textStart: 0, sourceStart: 200, length: 6), .init(textStart: 11, sourceStart: 215, length: 8)],
            tokens: 3
        )
        let answer = CitationParser.answer("It reclaims storage [1].", sources: [passage])
        #expect(answer.citations.first?.byteStart == 200)
        #expect(answer.citations.first?.byteEnd == 223)
    }

    @Test func flagsAnAnswerThatCitesNothing() {
        let answer = CitationParser.answer("VACUUM reclaims storage.", sources: [Self.passage(1, "x", at: 0)])
        #expect(answer.citations.isEmpty)
        #expect(answer.citationFlags == [.citesNothing])
    }

    @Test func flagsASourceNumberItWasNotGivenAndKeepsTheValidOnes() {
        let answer = CitationParser.answer("True [1], invented [4], zero [0].", sources: [Self.passage(1, "x", at: 0)])
        #expect(answer.citations.map(\.source) == [1])
        #expect(answer.citationFlags == [.citesUnknownSource])
        // With no sources at all, every number is unknown (and nothing crashes).
        #expect(CitationParser.answer("See [1].", sources: []).citationFlags == [.citesUnknownSource])
    }

    /// Guards issue 20: SmolLM2 wrote `[1] 26.3.4.1.1.1` (a source's heading copied), which
    /// became a citation of the whole chunk; a bracket before a section number cites nothing.
    @Test func aBracketBeforeASectionNumberIsNotACitation() {
        let sources = [Self.passage(1, "26.3.4.1.1.1 Log shipping", at: 0)]
        let heading = CitationParser.answer("[1] 26.3.4.1.1.1", sources: sources)
        #expect(heading.citations.isEmpty)
        #expect(heading.citationFlags == [.citesNothing])
        #expect(CitationParser.citedNumbers(in: "See [2]26.3 and [3] 4.1.") == [])
        // A citation followed by an ordinary number or a sentence still counts.
        #expect(CitationParser.citedNumbers(in: "It ships logs [1]. 26 servers [2] 3 times.") == [1, 2])
    }
}
