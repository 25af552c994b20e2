import Foundation
import Models
import Testing

/// Token ids and cache sizes handed to the decoder, and Llama metadata that does not fit
/// its tensors: each must be a thrown `ModelError`, never a read outside a table.
@Suite("Decoder and tokenizer inputs out of range", .serialized)
struct DecoderInputTests {
    @Test("token ids outside the vocabulary are refused by score, generate and a session, which stays as it was")
    func tokenIdsOutOfRange() throws {
        let decoder = try LlamaGoldenTests.decoder.get()
        let vocabulary = decoder.configuration.vocabularySize
        for bad in [-1, vocabulary, Int.max] {
            let scoreError = try #require(throws: ModelError.self) { try decoder.score([1, 2, bad]) }
            #expect(scoreError.message.contains("token id \(bad) is outside the vocabulary of \(vocabulary)"))
            #expect(throws: ModelError.self) { try decoder.generate(prompt: [bad], maxTokens: 1) }
            let session = decoder.makeSession(capacity: 8)
            #expect(throws: ModelError.self) { try session.appendAndPredict([1, bad]) }
            #expect(session.count == 0)
        }
    }

    @Test("an empty append is refused instead of reading the hidden state before the first row")
    func emptyAppend() throws {
        let session = try LlamaGoldenTests.decoder.get().makeSession(capacity: 4)
        let error = try #require(throws: ModelError.self) { try session.appendAndPredict([]) }
        #expect(error.message.contains("at least one token"))
    }

    @Test("filling the KV cache past its capacity throws an error naming the capacity; the cache keeps working")
    func cacheOverflow() throws {
        let decoder = try LlamaGoldenTests.decoder.get()
        let ids = decoder.tokenizer.encode("The quick brown fox jumps")
        try #require(ids.count >= 5)
        let session = decoder.makeSession(capacity: 4)
        _ = try session.appendAndPredict(Array(ids[0..<3]))
        let error = try #require(throws: ModelError.self) { try session.appendAndPredict(Array(ids[3..<5])) }
        #expect(error.message.contains("capacity of 4 tokens"))
        #expect(session.count == 3)
        let logits = try session.appendAndPredict([ids[3]])
        #expect(logits.count == decoder.configuration.vocabularySize && logits.allSatisfy(\.isFinite))
        #expect(throws: ModelError.self) { try session.appendAndPredict([ids[4]]) }
        #expect(throws: ModelError.self) { try decoder.makeSession(capacity: -3).appendAndPredict([ids[0]]) }
    }

    /// A GGUF Llama header with a two-token vocabulary and a token embedding of
    /// `embeddingColumns` columns; `extra` adds metadata entries (counted by `extraKeys`).
    static func tinyLlama(
        headCount: UInt32 = 2, keyValueHeads: UInt32 = 2, embeddingColumns: UInt64 = 64,
        extraKeys: UInt64 = 0, extra: (inout GGUFWriter) -> Void = { _ in }
    ) -> Data {
        var w = GGUFWriter(tensorCount: 1, keyCount: 9 + extraKeys)
        w.key("general.architecture", string: "llama")
        w.key("llama.embedding_length", uint32: 64)
        w.key("llama.block_count", uint32: 1)
        w.key("llama.attention.head_count", uint32: headCount)
        w.key("llama.attention.head_count_kv", uint32: keyValueHeads)
        w.key("llama.feed_forward_length", uint32: 128)
        w.key("tokenizer.ggml.model", string: "gpt2")
        w.key("tokenizer.ggml.tokens", strings: ["a", "b"])
        w.key("tokenizer.ggml.merges", strings: [])
        extra(&w)
        w.tensor("token_embd.weight", dimensions: [embeddingColumns, 2], type: 0, offset: 0)
        w.align()
        w.floats(Int(embeddingColumns) * 2)
        return w.data
    }

    static func loadError(_ data: Data) throws -> ModelError? {
        try CorruptFile.error(data, name: "tiny-llama.gguf") { _ = try LlamaDecoder(path: $0) }
    }

    @Test("metadata that would divide by zero or rotate past a head is refused")
    func impossibleShapes() throws {
        let zeroHeads = try #require(try Self.loadError(Self.tinyLlama(headCount: 0)))
        #expect(zeroHeads.message.contains("llama.attention.head_count is 0"))
        let zeroKeyValueHeads = try #require(try Self.loadError(Self.tinyLlama(keyValueHeads: 0)))
        #expect(zeroKeyValueHeads.message.contains("llama.attention.head_count_kv is 0"))
        let wideRope = try #require(try Self.loadError(Self.tinyLlama(extraKeys: 1) { $0.key("llama.rope.dimension_count", uint32: 1000) }))
        #expect(wideRope.message.contains("rope.dimension_count is 1000"))
    }

    @Test("a token embedding narrower than the embedding length is refused before any product reads it")
    func tensorShapeAgainstMetadata() throws {
        let error = try #require(try Self.loadError(Self.tinyLlama(embeddingColumns: 32)))
        #expect(error.message.contains("token_embd.weight has GGML dimensions [32, 2] but the metadata implies [64, 2]"))
    }

    @Test("token types and BOS/EOS ids that do not fit the vocabulary are refused at load")
    func tokenizerIndices() throws {
        let types = try #require(try Self.loadError(Self.tinyLlama(extraKeys: 1) { $0.key("tokenizer.ggml.token_type", uint32s: [1, 1, 3]) }))
        #expect(types.message.contains("3 token types for 2 tokens"))
        let eos = try #require(try Self.loadError(Self.tinyLlama(extraKeys: 1) { $0.key("tokenizer.ggml.eos_token_id", uint32: 2) }))
        #expect(eos.message.contains("the EOS id 2 is outside the vocabulary of 2 tokens"))
        #expect(throws: ModelError.self) {
            try ByteLevelBPETokenizer(tokens: ["a"], merges: [], tokenTypes: nil, preTokenizer: "gpt2", bosId: -1, eosId: nil, addsBOS: false)
        }
    }
}
