import Chunking
import Foundation
import Loaders
import Testing

/// Chunking real extracted text keeps every chunk a verbatim slice of the document.
struct LoadedTextChunkingTests {
    static let documents: [LoadedDocument] = {
        let loader = DocumentLoader()
        let html = (try? loader.load(Fixtures.url("sql-droptable.html")).documents) ?? []
        let corpus = (try? loader.load(Fixtures.url("scifact-sample.jsonl")).documents) ?? []
        return html + corpus
    }()

    @Test(arguments: [20, 60, 200])
    func sentenceChunksAreVerbatimOrderedAndComplete(_ target: Int) throws {
        #expect(Self.documents.count == 5)
        for document in Self.documents {
            let chunks = try SentenceChunker(targetTokens: target).chunk(document.text)
            #expect(!chunks.isEmpty)
            let bytes = Array(document.text.utf8)
            var previousEnd = 0
            for chunk in chunks {
                #expect(chunk.byteStart >= previousEnd && chunk.byteStart < chunk.byteEnd)
                #expect(String(decoding: bytes[chunk.byteStart..<chunk.byteEnd], as: UTF8.self) == chunk.text)
                #expect(chunk.tokenCount <= target)
                previousEnd = chunk.byteEnd
            }
            let covered = chunks.map(\.text).joined().filter { !$0.isWhitespace }
            #expect(covered == document.text.filter { !$0.isWhitespace })
        }
    }

    @Test func sentencesOfAnAbstractEndWhereExpected() throws {
        let abstract = try #require(Self.documents.first { $0.externalID == "4983" })
        let sentences = SentenceSplitter().split(abstract.text).map { String($0.text) }
        #expect(sentences.first == "Microstructural development of human newborn cerebral white matter assessed "
            + "in vivo by diffusion tensor magnetic resonance imaging.")
        #expect(sentences.count > 5)
        #expect(sentences.allSatisfy { $0.last.map { ".!?)]\"".contains($0) } ?? false })
    }
}
