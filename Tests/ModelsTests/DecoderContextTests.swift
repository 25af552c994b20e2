import Foundation
import Models
import Testing

/// `LlamaDecoder.score` against the model's trained context, on SmolLM2 with its
/// `llama.context_length` rewritten to a short context (a copy of the file, same weights),
/// so inputs a few hundred tokens long cross it many times.
@Suite("Decoder scoring within the trained context", .serialized)
struct DecoderContextTests {
    /// The short context the copy declares.
    static let context = 96

    /// SmolLM2 declaring `context` tokens of context, loaded once for the suite.
    static let shortContext = Result { () throws -> LlamaDecoder in
        let path = try ModelLocator().requireDecoderFile()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = Data("llama.context_length".utf8)
        // The key is followed by its value type (4: uint32) and the value.
        guard let found = bytes.range(of: key, in: 0..<min(bytes.count, 1 << 20)),
            bytes.subdata(in: found.upperBound..<(found.upperBound + 4)) == Data([4, 0, 0, 0])
        else { throw ModelError("\(path) has no uint32 llama.context_length in its header") }
        withUnsafeBytes(of: UInt32(context).littleEndian) {
            bytes.replaceSubrange((found.upperBound + 4)..<(found.upperBound + 8), with: $0)
        }
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-short-context-\(getpid()).gguf")
        try bytes.write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        return try LlamaDecoder(path: copy.path)
    }

    /// Four contexts and a bit of real text (a few hundred tokens).
    static func longTokens(_ decoder: LlamaDecoder) throws -> [Int] {
        let texts = try GoldenFiles.cases("smollm2.json").map { $0["text"] as! String }
        let ids = decoder.tokenizer.encode(texts.joined(separator: "\n"))
        try #require(ids.count > 4 * context + 20)
        return Array(ids.prefix(4 * context + 20))
    }

    @Test("an input longer than the context is scored in windows, each token only from its window's tokens")
    func windowsStayInsideTheContext() throws {
        let decoder = try Self.shortContext.get()
        #expect(decoder.configuration.contextLength == Self.context)
        let tokens = try Self.longTokens(decoder)
        for stride in [32, Self.context - 1] {
            let scores = try decoder.score(tokens, batchSize: 40, stride: stride)
            #expect(scores.logProbabilities.count == tokens.count - 1)
            #expect(scores.argmax.count == tokens.count - 1)
            #expect(scores.logProbabilities.allSatisfy { $0.isFinite && $0 <= 0 })
            // Window k covers tokens[k·stride ..< k·stride + context] and scores the tokens
            // after the previous window's end: they must be what that window alone gives,
            // so no token was read with more than `context` positions.
            var start = 0, next = 1
            while next < tokens.count {
                let end = min(tokens.count, start + Self.context)
                let alone = try decoder.score(Array(tokens[start..<end]), batchSize: 40)
                let skip = next - start - 1
                let windowed = Array(scores.logProbabilities[(next - 1)..<(end - 1)])
                #expect(windowed == Array(alone.logProbabilities[skip...]))
                #expect(Array(scores.argmax[(next - 1)..<(end - 1)]) == Array(alone.argmax[skip...]))
                next = end
                start += stride
            }
        }
    }

    @Test("an input within the context is scored in one pass whatever the stride")
    func shortInputIgnoresStride() throws {
        let decoder = try Self.shortContext.get()
        let tokens = Array(try Self.longTokens(decoder).prefix(Self.context))
        #expect(try decoder.score(tokens, stride: 5) == decoder.score(tokens, stride: Self.context - 1))
    }

    @Test("a stride that cannot advance or that skips tokens is refused, naming the context")
    func strideBounds() throws {
        let decoder = try Self.shortContext.get()
        for stride in [0, -4, Self.context, Self.context + 10] {
            let error = try #require(throws: ModelError.self) { try decoder.score([1, 2, 3], stride: stride) }
            #expect(error.message.contains("context of \(Self.context) tokens"))
        }
    }
}
