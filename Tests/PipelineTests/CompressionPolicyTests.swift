import Foundation
import Generation
import Pipeline
import QuarryCore
import Selection
import Store
import Testing

/// When compression runs: the policy's decisions, the pipeline's size threshold, and the
/// `off` / `auto` / rate values every front end parses.
@Suite("CompressionPolicy")
struct CompressionPolicyTests {
    let policy = CompressionPolicy(rules: [.openai: .init(rate: 2, minimumTokens: 600)])

    /// An explicit `off` beats a rule that would compress.
    @Test func explicitOffWins() {
        #expect(policy.decision(.off, generator: .openai) == nil)
    }

    /// An explicit rate applies to every context (no minimum), also for a generator
    /// the rules leave uncompressed.
    @Test func anExplicitTargetWinsForEveryGenerator() {
        for generator in GeneratorKind.allCases {
            let decision = policy.decision(.target(.rate(3)), generator: generator)
            #expect(decision == .init(target: .rate(3), minimumTokens: 0), "\(generator)")
        }
        #expect(policy.decision(.target(.tokens(300)), generator: .local)?.target == .tokens(300))
    }

    /// Automatic follows each generator's rule; one without a rule is not compressed.
    @Test func automaticFollowsTheGeneratorsRule() {
        #expect(policy.decision(.automatic, generator: .openai) == .init(target: .rate(2), minimumTokens: 600))
        for generator in [GeneratorKind.local, .extractive, .none] {
            #expect(policy.decision(.automatic, generator: generator) == nil, "\(generator)")
        }
        #expect(CompressionPolicy.never.decision(.automatic, generator: .openai) == nil)
    }

    /// The default is README's measured decision ("When compression runs"): 2× from 768
    /// selected tokens for the local and OpenAI-compatible generators, never for the others.
    @Test func theMeasuredDefaultIsTheDocumentedOne() {
        for generator in [GeneratorKind.local, .openai] {
            #expect(CompressionPolicy.measured.decision(.automatic, generator: generator)
                == .init(target: .rate(2), minimumTokens: 768), "\(generator)")
        }
        for generator in [GeneratorKind.extractive, .none] {
            #expect(CompressionPolicy.measured.decision(.automatic, generator: generator) == nil, "\(generator)")
        }
        #expect(StageChoice().compression == .automatic)
    }

    @Test func offAutoAndRatesParseAndOtherValuesAreRefused() throws {
        #expect(try CompressionRequest(parsing: "off") == .off)
        #expect(try CompressionRequest(parsing: "OFF") == .off)
        #expect(try CompressionRequest(parsing: "auto") == .automatic)
        #expect(try CompressionRequest(parsing: "3") == .target(.rate(3)))
        #expect(try CompressionRequest(parsing: "2.5") == .target(.rate(2.5)))
        for bad in ["0", "0.5", "21", "nan", "inf", "often", ""] {
            #expect(throws: QuarryError.self, "\(bad)") { try CompressionRequest(parsing: bad) }
        }
        #expect(CompressionRequest.target(.rate(3)).description == "1/3")
        #expect(CompressionRequest.automatic.description == "auto")
    }
}

/// The pipeline runs its compressor only on selected contexts of at least
/// `compressionMinimumTokens`, and reports `compressor` and its timing only when it ran.
@Suite("Compression threshold in the pipeline")
struct CompressionThresholdTests {
    let corpus: TemporaryCorpus
    let index: QuarryIndex

    init() async throws {
        corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        index = try QuarryIndex.open(corpus.index)
    }

    func answer(minimum: Int) async throws -> QueryResult {
        let pipeline = QueryPipeline(
            retriever: index.retriever, selector: GreedySelector(), compressor: FirstHalfCompressor(),
            compressionMinimumTokens: minimum, generator: ExtractiveGenerator()
        )
        return try await pipeline.answer("What does VACUUM reclaim?", options: QueryOptions(topK: 10, budget: 4096))
    }

    /// The threshold counts the selected tokens and is inclusive: a context of exactly
    /// the minimum is compressed, one token less is not.
    @Test func compressesFromTheMinimumOn() async throws {
        let always = try await answer(minimum: 0)
        let selected = always.selectedTokens
        #expect(selected > 1)
        #expect(always.compressor == "first-half")
        #expect(always.contextTokens < selected)

        let atTheMinimum = try await answer(minimum: selected)
        #expect(atTheMinimum.compressor == "first-half")
        #expect(atTheMinimum.timingsMs.compress != nil)

        let belowTheMinimum = try await answer(minimum: selected + 1)
        #expect(belowTheMinimum.compressor == nil)
        #expect(belowTheMinimum.timingsMs.compress == nil)
        #expect(belowTheMinimum.contextTokens == selected)
    }

    /// The factory turns the policy's decision into the pipeline's compressor and
    /// minimum; `off` and a generator without a rule get none.
    @Test func theFactoryAppliesThePolicy() throws {
        let policy = CompressionPolicy(rules: [.extractive: .init(rate: 2, minimumTokens: 700)])
        let factory = PipelineFactory(index: index, compressionPolicy: policy)
        let automatic = try factory.pipeline(StageChoice(generator: .extractive))
        #expect(automatic.compressor?.name == "lexical")
        #expect(automatic.compressionMinimumTokens == 700)
        let explicit = try factory.pipeline(StageChoice(compression: .target(.rate(3)), generator: .extractive))
        #expect(explicit.compressor != nil)
        #expect(explicit.compressionMinimumTokens == 0)
        #expect(try factory.pipeline(StageChoice(compression: .off, generator: .extractive)).compressor == nil)
        #expect(try factory.pipeline(StageChoice(generator: .none)).compressor == nil)
        #expect(throws: QuarryError.self) {
            try factory.pipeline(StageChoice(compression: .target(.rate(40)), generator: .extractive))
        }
    }
}

/// Keeps the first half of each passage's text, a prefix of the original, so its one
/// piece maps it back.
private struct FirstHalfCompressor: Compressor {
    let name = "first-half"

    func compress(question: String, passages: [ContextPassage]) async throws -> [ContextPassage] {
        passages.map { passage in
            let kept = String(passage.text.prefix(passage.text.count / 2))
            let piece = ContextPassage.Piece(
                textStart: 0, sourceStart: passage.chunk.byteStart, length: kept.utf8.count
            )
            return ContextPassage(chunk: passage.chunk, text: kept, pieces: [piece], tokens: max(1, passage.tokens / 2))
        }
    }
}
