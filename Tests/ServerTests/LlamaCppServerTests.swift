import Foundation
import Generation
import Models
import OpenAIHTTP
import QuarryCore
import Testing

/// The OpenAI-compatible generator against a real peer: llama.cpp's server
/// (`python -m llama_cpp.server`, llama-cpp-python from PyPI) on the same SmolLM2 GGUF
/// the local generator runs. The answer streams in pieces, and greedy decoding of the
/// same prompt by the same weights starts with the same words as Quarry's own decoder.
@Suite("llama.cpp server as the OpenAI backend", .serialized)
struct LlamaCppServerTests {
    static let context = [
        ContextPassage(RetrievedChunk(
            chunkID: 3, document: "tower.txt", title: nil, byteStart: 0, byteEnd: 90,
            text: "The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was finished in 1889.",
            tokens: 20, score: 1, rank: 1
        )),
    ]
    static let question = "When was the Eiffel Tower finished?"

    static func answer(_ generator: some Generator) async throws -> (pieces: [String], text: String, truncated: Bool) {
        var pieces: [String] = []
        var text = ""
        var truncated = false
        for try await event in generator.generate(question: question, context: context) {
            switch event {
            case .text(let piece): pieces.append(piece)
            case .finished(let answer):
                text = answer.text
                truncated = answer.truncated
            }
        }
        return (pieces, text, truncated)
    }

    @Test(.timeLimit(.minutes(5))) func theLlamaCppServerAnswersStreamedLikeTheLocalModel() async throws {
        let model = try ModelLocator().requireDecoderFile()
        let server = try await LlamaCppServer()
        defer { server.stop() }
        let endpoint = server.endpoint()

        let settings = GenerationSettings(maxTokens: 24)
        let remote = try await Self.answer(OpenAIGenerator(endpoint: endpoint, settings: settings))
        #expect(remote.pieces.count > 1, "streamed in pieces")
        #expect(remote.pieces.joined().trimmingCharacters(in: .whitespacesAndNewlines) == remote.text)
        let local = try await Self.answer(LocalGenerator(decoder: try LlamaDecoder(path: model), settings: settings))
        // Same weights, same chat template, greedy: the answers open alike (the first two
        // words; later tokens may part where the two runtimes' rounding differs).
        let remoteOpening = Array(remote.text.split(separator: " ").prefix(2))
        let localOpening = Array(local.text.split(separator: " ").prefix(2))
        #expect(remoteOpening == localOpening, "llama.cpp: \(remote.text) / Quarry: \(local.text)")

        // Issue 20: an answer cut at max_tokens is flagged truncated from llama.cpp's
        // finish_reason "length" as from the local model's own count; a finished one is not.
        let cut = GenerationSettings(maxTokens: 3)
        let remoteCut = try await Self.answer(OpenAIGenerator(endpoint: endpoint, settings: cut))
        let localCut = try await Self.answer(LocalGenerator(decoder: try LlamaDecoder(path: model), settings: cut))
        #expect(remoteCut.truncated && localCut.truncated, "llama.cpp: \(remoteCut.text) / Quarry: \(localCut.text)")
        let whole = GenerationSettings(maxTokens: 200, stopSequences: ["\n"])
        let remoteWhole = try await Self.answer(OpenAIGenerator(endpoint: endpoint, settings: whole))
        #expect(!remoteWhole.truncated, "llama.cpp ended by itself: \(remoteWhole.text)")
    }
}
