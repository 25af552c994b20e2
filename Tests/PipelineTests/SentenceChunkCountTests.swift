import Chunking
import Foundation
import Models
import Pipeline
import Testing

/// A sentence chunk's size is summed from its sentences' BPE counts and the joins
/// between them (``DecoderTextTokenizer/count(_:afterGap:alone:)``) instead of counting the
/// chunk's text again: this guards that the sum is SmolLM2's exact count of the chunk's
/// text, on real prose and on whitespace the GPT-2 pre-tokenizer treats specially.
@Suite("Sentence chunk sizes summed from sentences")
struct SentenceChunkCountTests {
    let tokenizer: ByteLevelBPETokenizer

    init() throws {
        tokenizer = try ByteLevelBPETokenizer(gguf: GGUFFile(path: ModelLocator().requireDecoderFile()))
    }

    /// Passages of the shared QA sets (prose, lists, numbers, non-ASCII names).
    private func passages(_ dataset: String, limit: Int) throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/datasets/\(dataset)/corpus.jsonl").standardized
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").prefix(limit)
        return try lines.map { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(record["text"] as? String)
        }
    }

    @Test func summedSizesAreTheTokenizersCountOfEachChunk() throws {
        let counter = DecoderTextTokenizer(tokenizer)
        let odd = [
            "First one.  Two spaces before this.\n\nA paragraph.\tTabbed. \u{00A0}After a no-break space.",
            "Ends here.\r\nWindows line. \u{2003}Em space. 3 items: 1, 2 and 3. 'Quoted.' 's odd start.",
            "Straße ist lang. Ça va? \u{301}Combining mark first. 日本語の文。 Next one. — Dash first.",
            "Code: `x = 1`. Then (parenthesised sentence.) [Bracketed.] \"Quoted start.\" ...Ellipsis.",
        ]
        let texts = try passages("covidqa-dev", limit: 300) + passages("multihop-dev", limit: 600) + odd
        var joined = 0
        for target in [32, 200] {
            let chunker = SentenceChunker(targetTokens: target, counter: counter)
            for text in texts {
                for chunk in try chunker.chunk(text) {
                    #expect(chunk.tokenCount == tokenizer.encode(chunk.text).count, "chunk: \(chunk.text.prefix(80))")
                    if SentenceSplitter().split(chunk.text).count > 1 { joined += 1 }
                }
            }
        }
        // The sum was exercised, not only single-sentence chunks.
        #expect(joined > 500)
    }

    @Test func joinsAreSummedOnlyAtAWhitespaceGap() throws {
        let counter = DecoderTextTokenizer(tokenizer)
        let text = "Alpha beta. Gamma delta.Epsilon."
        func slice(_ bytes: Range<Int>) -> Substring {
            text[text.utf8.index(text.startIndex, offsetBy: bytes.lowerBound)..<text.utf8.index(text.startIndex, offsetBy: bytes.upperBound)]
        }
        let gamma = slice(12..<24)
        #expect(gamma == "Gamma delta.")
        let alone = counter.count(gamma)
        #expect(counter.count(gamma, afterGap: slice(11..<12), alone: alone)
            == tokenizer.encode(" Gamma delta.").count)
        // No whitespace between two sentences: no shortcut.
        let epsilon = slice(24..<32)
        #expect(counter.count(epsilon, afterGap: slice(24..<24), alone: counter.count(epsilon)) == nil)
    }
}
