import Foundation
import Models
import Testing

/// The integer merges and the word cache of `ByteLevelBPETokenizer` against the string
/// algorithm they replaced (kept below as the reference) on SmolLM2's real vocabulary.
@Suite("Byte-level BPE word cache and integer merges")
struct BPEWordCacheTests {
    /// Texts that exercise every pre-tokenizer branch: scripts, emoji, combining marks,
    /// digits (split one by one), runs of spaces, tabs and newlines, contractions, and
    /// words repeated within a text and across texts.
    static let texts = [
        "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox doesn't.",
        "Café déjà vu: naïve façades in Zürich cost €12.50 (about $13), e\u{301}te\u{301}.",
        "北京大学 is in Beijing; 東京 is in Japan, and 서울 is in Korea. 北京大学!",
        "Rocket 🚀🚀 launches at T-minus 10... 9... 8!!! #space @nasa 👩‍👩‍👧 🇫🇷",
        "  Leading and trailing   spaces\tand\t\ttabs\n\nand\r\nnewlines   \u{00A0}x\u{2003}y  ",
        "3.14159 2,718 1e-9 0x1F 42% 1/2 ½ ² ³ ٣٤٥ 1234567890 00042",
        "We're here, you'll see, I'd say they've won; it's O'Neil's 'quote'.",
        "Ελληνικά, русский язык, العربية, हिन्दी and ไทย all appear here. русский!",
        String(repeating: "supercalifragilistic", count: 20) + " tail",
        "",
    ]

    static func tokenizer() throws -> ByteLevelBPETokenizer {
        try ByteLevelBPETokenizer(gguf: GGUFFile(path: ModelLocator().requireDecoderFile()))
    }

    @Test("a first and a cached second pass give the string algorithm's ids on varied text")
    func cachedPassesMatchStringMerges() throws {
        let gguf = try GGUFFile(path: ModelLocator().requireDecoderFile())
        let reference = try StringMergeReference(gguf: gguf)
        let tokenizer = try ByteLevelBPETokenizer(gguf: gguf)
        let uncached = tokenizer.withWordCache(capacity: 0)
        for text in Self.texts {
            let expected = reference.encode(text)
            #expect(uncached.encode(text) == expected, "uncached: \(text.prefix(40))")
            #expect(tokenizer.encode(text) == expected, "first pass: \(text.prefix(40))")
            #expect(tokenizer.encode(text) == expected, "cached pass: \(text.prefix(40))")
            #expect(tokenizer.decode(expected) == text)
        }
        // Guards that the second passes above did read the cache.
        #expect(tokenizer.cachedWordCount > 50)
        #expect(uncached.cachedWordCount == 0)
    }

    @Test("the golden texts tokenize to llama.cpp's ids on a cached second pass too")
    func goldenTwice() throws {
        let tokenizer = try Self.tokenizer()
        let cases = try GoldenFiles.cases("smollm2.json")
        for _ in 0..<2 {
            for item in cases {
                #expect(tokenizer.encode(item["text"] as! String) == item["token_ids"] as! [Int])
            }
        }
    }

    @Test("the cache holds at most its capacity, evicting the oldest words, and never changes ids")
    func bounded() throws {
        let base = try Self.tokenizer()
        let uncached = base.withWordCache(capacity: 0)
        let small = base.withWordCache(capacity: 16)
        #expect(small.wordCacheCapacity == 16)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<200).map { "\(letters[$0 % 26])\(letters[$0 / 26])ing" }
        for round in 0..<3 {
            let text = words.shuffled().joined(separator: round == 1 ? "\n" : " ")
            #expect(small.encode(text) == uncached.encode(text))
            #expect(small.cachedWordCount <= 16)
        }
        #expect(small.cachedWordCount == 16)
        // A word longer than the cache's word limit is merged every time and not kept.
        let long = String(repeating: "abcdefghij", count: 40)
        let fresh = base.withWordCache(capacity: 16)
        #expect(fresh.encode(long) == uncached.encode(long))
        #expect(fresh.cachedWordCount == 0)
    }

    @Test("copies of a tokenizer share its cache across threads and agree with an uncached one")
    func concurrentUse() async throws {
        let tokenizer = try Self.tokenizer()
        let uncached = tokenizer.withWordCache(capacity: 0)
        let expected = Self.texts.map { uncached.encode($0) }
        let results = await withTaskGroup(of: [[Int]].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var ids = [[Int]](repeating: [], count: Self.texts.count)
                    for i in Self.texts.indices.shuffled() { ids[i] = tokenizer.encode(Self.texts[i]) }
                    return ids
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        for result in results { #expect(result == expected) }
    }
}

/// The string merge algorithm `ByteLevelBPETokenizer` ran before its integer merges:
/// pre-tokenize, map bytes to GPT-2's scalars, join the leftmost lowest-ranked pair of
/// strings until none has a rank, look each piece up (scalar by scalar if absent).
struct StringMergeReference {
    let ids: [String: Int]
    let ranks: [String: Int]
    let preTokenizer: GPT2PreTokenizer

    init(gguf: GGUFFile) throws {
        var ids: [String: Int] = [:]
        for (id, token) in try gguf.strings("tokenizer.ggml.tokens").enumerated() where ids[token] == nil {
            ids[token] = id
        }
        var ranks: [String: Int] = [:]
        for (rank, merge) in try gguf.strings("tokenizer.ggml.merges").enumerated() where ranks[merge] == nil {
            ranks[merge] = rank
        }
        self.ids = ids
        self.ranks = ranks
        preTokenizer = GPT2PreTokenizer(splitDigits: gguf.metadata["tokenizer.ggml.pre"]?.string == "smollm")
    }

    func encode(_ text: String) -> [Int] {
        var output: [Int] = []
        for word in preTokenizer.split(text) {
            var symbols = word.utf8.map { String(Self.scalar(forByte: $0)) }
            while symbols.count > 1 {
                var best = -1, bestRank = Int.max
                for i in 0..<(symbols.count - 1) {
                    if let rank = ranks[symbols[i] + " " + symbols[i + 1]], rank < bestRank {
                        (best, bestRank) = (i, rank)
                    }
                }
                if best < 0 { break }
                symbols[best] += symbols.remove(at: best + 1)
            }
            for piece in symbols {
                if let id = ids[piece] {
                    output.append(id)
                } else {
                    output += piece.unicodeScalars.compactMap { ids[String($0)] }
                }
            }
        }
        return output
    }

    /// GPT-2's byte-to-scalar map: printable Latin-1 bytes as themselves, the rest from U+0100 on.
    static func scalar(forByte byte: UInt8) -> Unicode.Scalar {
        let printable = Array(33...126) + Array(161...172) + Array(174...255)
        if printable.contains(Int(byte)) { return Unicode.Scalar(byte) }
        let rank = (0..<Int(byte)).filter { !printable.contains($0) }.count
        return Unicode.Scalar(UInt32(256 + rank))!
    }
}
