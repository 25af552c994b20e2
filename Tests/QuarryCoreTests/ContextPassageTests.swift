import QuarryCore
import Testing

@Suite("ContextPassage")
struct ContextPassageTests {
    let chunk = RetrievedChunk(
        chunkID: 9, document: "doc.txt", title: nil, byteStart: 100, byteEnd: 140,
        text: "Alpha beta. Gamma delta. Epsilon zeta.", tokens: 9, score: 1, rank: 1
    )

    @Test func anUncompressedPassageMapsOneToOne() {
        let passage = ContextPassage(chunk)
        #expect(passage.text == chunk.text)
        #expect(passage.sourceRange(of: 0..<11) == 100..<111)
        #expect(passage.sourceRange(of: 12..<24) == 112..<124)
    }

    /// A compressed passage keeps "Alpha beta." and "Epsilon zeta." joined by a space
    /// that comes from nowhere; ranges map through the pieces to the source bytes.
    @Test func compressedPiecesMapBackToTheirSourceBytes() {
        let passage = ContextPassage(
            chunk: chunk, text: "Alpha beta. Epsilon zeta.",
            pieces: [.init(textStart: 0, sourceStart: 100, length: 11), .init(textStart: 12, sourceStart: 125, length: 13)],
            tokens: 6
        )
        #expect(passage.sourceRange(of: 12..<25) == 125..<138)
        #expect(passage.sourceRange(of: 0..<5) == 100..<105)
        #expect(passage.sourceRange(of: 11..<12) == nil)
        #expect(passage.sourceRange(of: 6..<20) == 106..<133)
    }
}
