import Models
import Testing

@Suite("Byte-level BPE tokenizer against llama.cpp")
struct BPEGoldenTests {
    @Test("every golden case tokenizes to llama.cpp's ids and decodes back to its text")
    func goldenIds() throws {
        let gguf = try GGUFFile(path: ModelLocator().requireDecoderFile())
        let tokenizer = try ByteLevelBPETokenizer(gguf: gguf)
        for item in try GoldenFiles.cases("smollm2.json") {
            let text = item["text"] as! String
            let ids = tokenizer.encode(text)
            #expect(ids == item["token_ids"] as! [Int], "text: \(text.prefix(60))")
            #expect(tokenizer.decode(ids) == text)
        }
    }

    @Test("special tokens are single ids only when parsing them is asked for")
    func specialTokens() throws {
        let gguf = try GGUFFile(path: ModelLocator().requireDecoderFile())
        let tokenizer = try ByteLevelBPETokenizer(gguf: gguf)
        let text = "<|im_start|>user\nHi<|im_end|>"
        let parsed = tokenizer.encode(text, parseSpecial: true)
        #expect(parsed.first == 1)
        #expect(parsed.last == 2)
        #expect(tokenizer.encode(text).count > parsed.count)
    }
}
