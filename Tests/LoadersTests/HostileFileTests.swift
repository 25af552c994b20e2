import Chunking
import Foundation
import Loaders
import Testing

/// Files built to hurt (issue 26), made on the fly: each ends in a clear error or a
/// bounded, correct result, with no stack overflow, no quadratic time and no memory
/// beyond a small multiple of the file.
struct HostileFileTests {
    /// `<div>` nested `depth` times around one sentence.
    static func nestedHTML(depth: Int) -> Data {
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "Deep text that the page holds."
            + String(repeating: "</div>", count: depth) + "</body></html>"
        return Data(html.utf8)
    }

    /// One line of `bytes` bytes: words and no sentence end, no line break.
    static func singleLine(bytes: Int) -> Data {
        let words = "lorem ipsum dolor sit amet consectetur adipiscing elit "
        return Data(String(repeating: words, count: bytes / words.utf8.count + 1).utf8.prefix(bytes))
    }

    @Test func aMillionDeepHTMLPageIsRefusedSayingWhy() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("deep.html")
        try Self.nestedHTML(depth: 1_000_000).write(to: url)
        let started = ContinuousClock.now
        #expect {
            try DocumentLoader().load(url)
        } throws: { error in
            "\(error)".contains("more than 256 levels deep")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func htmlNestedWithinTheLimitKeepsItsText() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("nested.html")
        try Self.nestedHTML(depth: 200).write(to: url)
        let document = try #require(try DocumentLoader().load(url).documents.first)
        #expect(document.text == "Deep text that the page holds.")
    }

    @Test func aFiftyMegabyteLineIsRefusedAsOverTheDocumentLimit() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("line.txt")
        try Self.singleLine(bytes: 50 << 20).write(to: url)
        let started = ContinuousClock.now
        #expect {
            try DocumentLoader(maxDocumentBytes: DocumentLoader.maxIndexedDocumentBytes).load(url)
        } throws: { error in
            "\(error)".contains("over Quarry's limit of \(DocumentLoader.maxIndexedDocumentBytes) bytes per document")
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aFiftyMegabyteLineIsChunkedInLinearTimeAndBoundedMemory() throws {
        // The chunkers themselves, past the loader's limit: nothing in them is quadratic
        // or holds a word list of the whole text.
        let bytes = 50 << 20
        let text = String(decoding: Self.singleLine(bytes: bytes), as: UTF8.self)
        let started = ContinuousClock.now
        let (chunks, grown) = try peakGrowth { try SentenceChunker(targetTokens: 200).chunk(text) }
        let elapsed = ContinuousClock.now - started
        // Every word is in exactly one chunk, in order, each within the target.
        #expect(chunks.first?.byteStart == 0)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.byteEnd < $1.byteStart })
        #expect(chunks.allSatisfy { $0.tokenCount <= 200 })
        #expect(chunks.reduce(0) { $0 + $1.text.utf8.count } >= bytes - chunks.count - 1)
        // Linear work: seconds in release, a few minutes in a debug build (quadratic would be days).
        #expect(elapsed < .seconds(600), "\(elapsed)")
        // The chunks' copy of the text and little else (the word list it once built was 8M entries, 200 MB).
        #expect(grown < 150 << 20, "peak memory grew by \(grown >> 20) MiB chunking a \(bytes >> 20) MiB line")
    }

    @Test func aSixteenMegabyteWordIsCutWithoutAnOffsetPerCharacter() throws {
        let text = String(repeating: "x", count: 16 << 20)
        let (chunks, grown) = try peakGrowth { try FixedTokenChunker(targetTokens: 200).chunk(text) }
        #expect(chunks.allSatisfy { $0.tokenCount <= 200 })
        #expect(chunks.reduce(0) { $0 + $1.text.utf8.count } == text.utf8.count)
        // The chunks' 16 MiB copy of the text; an offset per character was 128 MiB more.
        #expect(grown < 80 << 20, "peak memory grew by \(grown >> 20) MiB for a 16 MiB word")
    }
}
