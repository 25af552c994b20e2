import Embedding
import Foundation
import Generation
import Pipeline
import QuarryCore
import Selection
import Store
import Testing

/// A generator that must not be reached: the gate answers before it.
private struct UnreachableGenerator: Generator {
    let name = "unreachable"

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: QuarryError(.internal, "the generator ran for \(question)")) }
    }
}

/// Guards issue 20's "a generator that does not invent": with no context, or context the
/// question's embedding is far from (a SQuAD question against the PostgreSQL pages), the
/// answer is Quarry's "I found nothing…" with `answerable: false`, and no generator runs
/// (SmolLM2 answered such a question with an invented definition). On main the
/// generator ran and there was no `answerable`.
@Suite("Answerability")
struct AnswerabilityTests {
    @Test func anUnrelatedQuestionIsNotAnsweredAndTheGeneratorDoesNotRun() async throws {
        let embedder = try LocalBertEmbedder()
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init(), embedder: embedder).run(paths: [corpus.docs])
        let index = try QuarryIndex.open(corpus.index, embedder: embedder)
        let gated = QueryPipeline(index: index, generator: UnreachableGenerator())
        for question in ["In what year was the Eiffel Tower finished?", "Who won the Super Bowl in 2016?"] {
            let result = try await gated.answer(question)
            #expect(!result.answerable, "\(question)")
            #expect(result.answer == Answerability.nothingFound)
            #expect(result.citations.isEmpty)
            #expect(!result.retrieved.isEmpty, "what was found is still shown")
        }
        // A question the corpus answers reaches the generator.
        let answered = try await QueryPipeline(index: index).answer("What does VACUUM reclaim?")
        #expect(answered.answerable)
        #expect(answered.answer.contains("dead tuples"))
        let json = String(decoding: try JSONEncoder().encode(answered), as: UTF8.self)
        #expect(json.contains(#""answerable":true"#))
    }

    @Test func anEmptyIndexIsNotAnsweredWhateverTheGenerator() async throws {
        let corpus = try TemporaryCorpus()
        try FileManager.default.removeItem(at: corpus.docs)
        try FileManager.default.createDirectory(at: corpus.docs, withIntermediateDirectories: true)
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let index = try QuarryIndex.open(corpus.index)
        let result = try await QueryPipeline(index: index, generator: UnreachableGenerator()).answer("What is MVCC?")
        #expect(!result.answerable)
        #expect(result.answer == Answerability.nothingFound)
        #expect(result.contextTokens == 0)
    }
}
