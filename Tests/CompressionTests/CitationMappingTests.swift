import Compression
import QuarryCore
import Testing

@Suite("Compression citations")
struct CitationMappingTests {
    /// Guards the citation contract: every byte of every compressed passage belongs to a
    /// piece but the one-byte separators where runs from two places meet, each piece is a verbatim copy of the document bytes it names (multi-byte
    /// characters included, for every compressor and granularity), and the text is
    /// valid UTF-8 (a byte-level token can end inside "東" or "ï").
    @Test(arguments: [UnitGranularity.token, .word])
    func everyKeptByteMapsToTheDocument(granularity: UnitGranularity) async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        for seed in [1, 2, 3] as [UInt64] {
            let compressors = [
                PromptCompressor(name: "random", target: .rate(2), tokenizer: tokenizer, scorer: RandomScorer(seed: seed), granularity: granularity, protection: .none),
                PromptCompressor(name: "rising", target: .rate(3), tokenizer: tokenizer, scorer: RisingScorer(), granularity: granularity),
            ]
            for compressor in compressors {
                for passage in try await compressor.compress(question: "q", passages: Fixtures.passages()) {
                    #expect(Fixtures.piecesMatchDocument(passage))
                    let bytes = Array(passage.text.utf8)
                    var covered = [Bool](repeating: false, count: bytes.count)
                    for piece in passage.pieces { for i in piece.textStart..<(piece.textStart + piece.length) { covered[i] = true } }
                    for i in bytes.indices where !covered[i] {
                        #expect(bytes[i] == 0x20 || bytes[i] == 0x0A, "byte \(i) of \(passage.text) is in no piece")
                        #expect(i > 0 && covered[i - 1] && i + 1 < bytes.count && covered[i + 1], "a separator stands alone")
                    }
                    #expect(String(validating: passage.text.utf8, as: UTF8.self) != nil)
                    #expect(!passage.text.contains("\u{FFFD}"), "a character was cut: \(passage.text)")
                }
            }
        }
    }

    /// Guards compressing an already compressed passage: pieces compose, still pointing
    /// at the original document.
    @Test func compressingTwiceStillMapsToTheDocument() async throws {
        let tokenizer = try Fixtures.tokenizer.get()
        let once = try await PromptCompressor.randomDrop(target: .rate(2), tokenizer: tokenizer, seed: 7)
            .compress(question: "q", passages: Fixtures.passages())
        let twice = try await PromptCompressor.randomDrop(target: .rate(2), tokenizer: tokenizer, seed: 8)
            .compress(question: "q", passages: once)
        #expect(!twice.isEmpty)
        for passage in twice { #expect(Fixtures.piecesMatchDocument(passage)) }
    }

    /// Guards LongLLMLingua's recovery: an answer that copied a compressed run gets the
    /// original words back; text the context never had stays as it was.
    @Test func subsequenceRecoveryRestoresTheOriginalSpan() async throws {
        let passage = Fixtures.passages()[0]
        // "completed on 31 March 1889" with "on " (bytes 31..<34) dropped, as a compressor would.
        let kept = "The Eiffel Tower was completed 31 March 1889 for the World's Fair"
        let compressed = ContextPassage(
            chunk: passage.chunk, text: kept,
            pieces: [.init(textStart: 0, sourceStart: 0, length: 31), .init(textStart: 31, sourceStart: 34, length: kept.utf8.count - 31)],
            tokens: 14
        )
        #expect(Fixtures.piecesMatchDocument(compressed))
        let answer = "It was completed 31 March 1889, in Paris."
        let restored = SubsequenceRecovery.restore(answer, context: [compressed])
        #expect(restored == "It was completed on 31 March 1889, in Paris.")
        #expect(SubsequenceRecovery.restore("Nothing copied here at all.", context: [compressed]) == "Nothing copied here at all.")
    }
}
