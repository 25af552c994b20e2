import Foundation
import Generation
import Models
import QuarryCore
import Testing

/// SmolLM2 answering in-process: the answer streams token by token and the pieces add
/// up to the final answer, a stop sequence cuts the answer where the unstopped answer
/// had it, and a prompt that cannot fit the model's context is refused before decoding.
@Suite("LocalGenerator", .serialized)
struct LocalGeneratorTests {
    static let decoder = Result { try LlamaDecoder(path: ModelLocator().requireDecoderFile()) }

    static let context = [
        ContextPassage(RetrievedChunk(
            chunkID: 3, document: "landmarks.txt", title: "Landmarks", byteStart: 10, byteEnd: 80,
            text: "The Eiffel Tower is a wrought-iron tower in Paris, France. It was finished in 1889.",
            tokens: 20, score: 1, rank: 1
        )),
    ]

    func run(_ generator: LocalGenerator, _ question: String) async throws -> (pieces: [String], answer: GeneratedAnswer) {
        var pieces: [String] = []
        var answer: GeneratedAnswer?
        for try await event in generator.generate(question: question, context: Self.context) {
            switch event {
            case .text(let text): pieces.append(text)
            case .finished(let finished): answer = finished
            }
        }
        return (pieces, try #require(answer))
    }

    @Test func theAnswerStreamsInPiecesThatAddUpToIt() async throws {
        let generator = LocalGenerator(decoder: try Self.decoder.get(), settings: GenerationSettings(maxTokens: 40))
        let (pieces, answer) = try await run(generator, "When was the Eiffel Tower finished?")
        #expect(pieces.count > 1, "streamed token by token, not at once")
        #expect(pieces.count <= 40, "at most one piece per token, at most max_tokens tokens")
        #expect(pieces.joined().trimmingCharacters(in: .whitespacesAndNewlines) == answer.text)
        #expect(!answer.text.isEmpty)
        #expect(generator.name.hasPrefix("local:SmolLM2"))
        // Whatever it cites is mapped to the one source, or flagged.
        for citation in answer.citations {
            #expect(citation.chunkID == 3 && citation.document == "landmarks.txt" && citation.byteStart == 10)
        }
        #expect(!answer.citations.isEmpty || answer.citationFlags.contains(.citesNothing))
    }

    @Test func aStopSequenceCutsTheAnswerWhereItAppeared() async throws {
        let decoder = try Self.decoder.get()
        let question = "What is the Eiffel Tower made of?"
        let (_, full) = try await run(LocalGenerator(decoder: decoder, settings: GenerationSettings(maxTokens: 24)), question)
        let words = full.text.split(separator: " ")
        try #require(words.count >= 3, "the greedy answer is long enough to cut: \(full.text)")
        let stop = " " + words[2]
        let cut = try #require(full.text.range(of: stop))
        let stopped = LocalGenerator(decoder: decoder, settings: GenerationSettings(maxTokens: 24, stopSequences: [stop]))
        let (_, answer) = try await run(stopped, question)
        #expect(answer.text == String(full.text[..<cut.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func aPromptThatCannotFitTheContextIsRefused() async throws {
        let decoder = try Self.decoder.get()
        let long = String(repeating: "The tower is tall and made of iron. ", count: decoder.configuration.contextLength / 4)
        let passage = ContextPassage(RetrievedChunk(
            chunkID: 1, document: "d", title: nil, byteStart: 0, byteEnd: long.utf8.count, text: long,
            tokens: 0, score: 1, rank: 1
        ))
        let generator = LocalGenerator(decoder: decoder, settings: GenerationSettings(maxTokens: 16))
        await #expect {
            for try await _ in generator.generate(question: "How tall?", context: [passage]) {}
        } throws: { error in
            (error as? QuarryError)?.kind == .invalidInput && "\(error)".contains("context")
        }
    }

    /// Guards issue 20: an answer cut by the token limit says so (`truncated`), one the
    /// model ended does not, and both report the tokens read and written.
    @Test func anAnswerCutByTheTokenLimitIsMarkedTruncated() async throws {
        let decoder = try Self.decoder.get()
        let question = "When was the Eiffel Tower finished?"
        let short = LocalGenerator(decoder: decoder, settings: GenerationSettings(maxTokens: 3))
        let (cutPieces, cut) = try await run(short, question)
        #expect(cut.truncated)
        #expect(cut.usage?.completionTokens == 3)
        #expect((cut.usage?.promptTokens ?? 0) > 20)
        #expect(!cutPieces.isEmpty)
        let long = LocalGenerator(decoder: decoder, settings: GenerationSettings(maxTokens: 200))
        let (_, whole) = try await run(long, question)
        #expect(!whole.truncated, "the model ended this answer itself: \(whole.text)")
        #expect((whole.usage?.completionTokens ?? 0) < 200)
    }

    /// Guards issue 20: SmolLM2 repeated one sentence until the token limit; with the
    /// repeat guard (the default) no run of its n-gram length appears twice in the answer.
    @Test func theRepeatGuardKeepsTheAnswerFromLooping() async throws {
        let decoder = try Self.decoder.get()
        let settings = GenerationSettings(maxTokens: 120)
        #expect(settings.noRepeatNgram > 0, "on by default")
        let generator = LocalGenerator(decoder: decoder, settings: settings)
        let (_, answer) = try await run(generator, "List everything about the Eiffel Tower, again and again.")
        let ids = decoder.tokenizer.encode(answer.text, parseSpecial: false)
        let n = settings.noRepeatNgram
        var seen = Set<[Int]>()
        var repeated = 0
        for start in 0..<max(0, ids.count - n + 1) where !seen.insert(Array(ids[start..<(start + n)])).inserted {
            repeated += 1
        }
        // Re-encoding the text can merge tokens differently from decoding, so allow a stray one.
        #expect(repeated <= 1, "\(answer.text)")
    }
}
