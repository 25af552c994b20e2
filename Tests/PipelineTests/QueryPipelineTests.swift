import Foundation
import Generation
import Loaders
import Pipeline
import QuarryCore
import Selection
import Store
import Synchronization
import Testing

@Suite("QueryPipeline")
struct QueryPipelineTests {
    let corpus: TemporaryCorpus
    let index: QuarryIndex
    let pipeline: QueryPipeline

    init() async throws {
        corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        index = try QuarryIndex.open(corpus.index)
        pipeline = QueryPipeline(index: index)
    }

    /// Each citation's byte range, read from the loaded document, is the cited text.
    static func expectCitationsPointAtTheSource(_ citations: [Citation]) throws {
        for citation in citations {
            let source = try DocumentLoader().load(URL(fileURLWithPath: citation.document))
            let bytes = Array(source.documents[0].text.utf8)
            let cited = String(decoding: bytes[citation.byteStart..<citation.byteEnd], as: UTF8.self)
            #expect(cited == citation.text)
        }
    }

    @Test func answersWithCitationsThatPointAtTheDocumentText() async throws {
        let result = try await pipeline.answer("What is a partial index?")
        #expect(result.retrieved.first?.document.hasSuffix("indexes.html") == true)
        #expect(result.answer.contains("partial index"))
        #expect(!result.citations.isEmpty)
        try Self.expectCitationsPointAtTheSource(result.citations)
        #expect(result.timingsMs.total >= result.timingsMs.retrieve)
        #expect(result.timingsMs.compress == nil)
        #expect(result.contextTokens > 0)
        #expect(result.selector == "topk")
        #expect(result.indexGeneration == index.generation)
    }

    @Test func timingsEncodeAsTheContractsStageObject() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(StageTimings())) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == ["retrieve", "select", "generate", "total"])
    }

    @Test func theBudgetBoundsTheContext() async throws {
        let small = try await pipeline.answer("VACUUM dead tuples autovacuum", options: QueryOptions(topK: 10, budget: 16))
        #expect(small.contextTokens <= 16)
        let large = try await pipeline.answer("VACUUM dead tuples autovacuum", options: QueryOptions(topK: 10, budget: 4096))
        #expect(large.contextTokens >= small.contextTokens)
        #expect(large.selected.count == large.retrieved.count)
    }

    @Test func aQuestionWithNoMatchSaysSo() async throws {
        let result = try await pipeline.answer("zebra giraffe")
        #expect(result.retrieved.isEmpty)
        #expect(result.citations.isEmpty)
        #expect(result.answer == ExtractiveGenerator.noAnswer)
    }

    @Test func emptyQuestionsAndBadOptionsAreUserErrors() async {
        for (question, options) in [("   ", QueryOptions()), ("vacuum", QueryOptions(topK: 0)), ("vacuum", QueryOptions(budget: 1))] {
            await #expect { try await pipeline.answer(question, options: options) } throws: { error in
                (error as? QuarryError)?.kind == .invalidInput
            }
        }
    }

    /// Question limits count bytes, so a character with a million combining marks is
    /// as long as it is expensive; control characters (NUL, escapes) are refused.
    @Test func questionLimitsCountBytesAndRefuseControlCharacters() throws {
        let combining = "e" + String(repeating: "\u{301}", count: 1_000_000)
        #expect(combining.count == 1)
        #expect(throws: QuarryError.self) { try QueryPipeline.validate(question: combining) }
        #expect(throws: QuarryError.self) { try QueryPipeline.validate(question: "vacuum\u{0}tuples") }
        #expect(throws: QuarryError.self) { try QueryPipeline.validate(question: "\u{1B}[2J vacuum") }
        #expect(try QueryPipeline.validate(question: String(repeating: "a", count: QueryPipeline.maxQuestionBytes)).utf8.count
            == QueryPipeline.maxQuestionBytes)
        #expect(throws: QuarryError.self) {
            try QueryPipeline.validate(question: String(repeating: "é", count: QueryPipeline.maxQuestionBytes / 2 + 1))
        }
        #expect(try QueryPipeline.validate(question: " multi\nline\tquestion ") == "multi\nline\tquestion")
    }

    /// Hostile questions within the byte limit reach the analyzer, the stemmer and
    /// the extractive generator: each gets an answer or a user error, never a crash.
    @Test func hostileQuestionsGetAnAnswerOrAUserError() async throws {
        let limit = QueryPipeline.maxQuestionBytes
        let questions = [
            String(repeating: "a", count: limit),
            String(repeating: "vacuum", count: limit / 6),
            String(repeating: "首", count: limit / 3),
            String(repeating: "ß", count: limit / 2),
            String(repeating: "ﬃ", count: limit / 3),
            String(repeating: "İ", count: limit / 2),
            String(repeating: "🏳️‍🌈", count: limit / 14),
            String(repeating: "e\u{301}", count: limit / 3),
            String(repeating: "-", count: limit),
            String(repeating: "ing", count: limit / 3),
            "\u{FEFF}\u{200B}\u{202E}vacuum\u{FFFD}",
        ]
        for question in questions {
            do {
                let result = try await pipeline.answer(question)
                #expect(!result.answer.isEmpty)
            } catch let error as QuarryError {
                #expect(error.kind == .invalidInput, "\(error)")
            }
        }
    }

    @Test func runStreamsTheStagesInOrder() async throws {
        var kinds: [String] = []
        var finished: QueryResult?
        for try await event in pipeline.run("What is a partial index?") {
            switch event {
            case .retrieved(let retrieval):
                kinds.append("retrieved")
                #expect(!retrieval.chunks.isEmpty)
            case .selected(let chunks, let tokens):
                kinds.append("selected")
                #expect(tokens == chunks.reduce(0) { $0 + $1.tokens })
            case .context(let passages):
                kinds.append("context")
                #expect(!passages.isEmpty)
            case .text(let text):
                kinds.append("text")
                #expect(!text.isEmpty)
            case .finished(let result):
                kinds.append("finished")
                finished = result
            }
        }
        #expect(Array(kinds.prefix(3)) == ["retrieved", "selected", "context"] && kinds.last == "finished")
        #expect(kinds.contains("text"))
        let whole = try await pipeline.answer("What is a partial index?")
        #expect(finished?.answer == whole.answer)
        #expect(finished?.citations == whole.citations)
    }

    /// A selector and a compressor written outside the pipeline plug in through the
    /// protocols alone; the compressor drops text, and citations still point into the
    /// original documents through the passages' pieces.
    @Test func stagesPlugInThroughTheProtocols() async throws {
        let custom = QueryPipeline(
            retriever: index.retriever, selector: LastFirstSelector(), compressor: QuestionSentenceCompressor(),
            generator: ExtractiveGenerator()
        )
        let result = try await custom.answer("What does VACUUM reclaim?", options: QueryOptions(topK: 10, budget: 4096))
        #expect(result.selector == "last-first")
        #expect(result.selected == result.retrieved.map(\.chunkID).reversed())
        #expect(result.timingsMs.compress != nil)
        let uncompressed = result.retrieved.reduce(0) { $0 + $1.tokens }
        #expect(result.contextTokens < uncompressed)
        #expect(result.answer.contains("VACUUM reclaims storage"))
        #expect(!result.citations.isEmpty)
        try Self.expectCitationsPointAtTheSource(result.citations)
    }

    /// The question's vector travels with the retrieval: the selector and the extractive
    /// generator's sentence relevance get the one the retriever returned.
    @Test func theRetrievalsQuestionVectorReachesTheSelectorAndTheGenerator() async throws {
        let question = "What does VACUUM reclaim?"
        var retrieval = try await index.retriever.retrieve(question, k: 5)
        #expect(retrieval.questionVector == nil, "BM25 embeds nothing")
        retrieval.questionVector = [0.6, 0.8]
        let selector = RecordingSelector()
        let relevance = RecordingRelevance()
        let pipeline = QueryPipeline(
            retriever: FixedRetriever(retrieval: retrieval), selector: selector,
            generator: ExtractiveGenerator(style: .snippets, relevance: relevance)
        )
        let result = try await pipeline.answer(question)
        #expect(!result.citations.isEmpty)
        #expect(selector.calls.withLock { $0.map(\.vector) } == [[0.6, 0.8]])
        #expect(relevance.vectors.withLock { $0 } == [[0.6, 0.8]])
    }

    /// The reranker slot sits between retrieval and selection: it is asked once, with the
    /// question and the retrieval, and its order is the one selection chooses from and the
    /// result reports.
    @Test func aRerankersOrderIsWhatSelectionSees() async throws {
        let question = "Which table, index or transaction snapshot?"
        let retrieved = try await index.retriever.retrieve(question, k: 10).chunks.map(\.chunkID)
        #expect(retrieved.count > 2)
        let reranker = ReversingReranker()
        let selector = RecordingSelector()
        let pipeline = QueryPipeline(
            retriever: index.retriever, reranker: reranker, selector: selector, generator: ExtractiveGenerator()
        )
        let result = try await pipeline.answer(question, options: QueryOptions(topK: 10, budget: 4096))
        #expect(reranker.questions.withLock { $0 } == [question])
        #expect(selector.calls.withLock { $0.map(\.candidates) } == [retrieved.reversed()])
        #expect(result.retrieved.map(\.chunkID) == retrieved.reversed())
        #expect(result.retrieved.map(\.rank) == Array(1...retrieved.count))
        #expect(result.selected == retrieved.reversed())
    }

    /// Stopping to listen cancels the pipeline down to the generator's loop.
    @Test func abandoningTheStreamCancelsTheGenerator() async throws {
        let generator = EndlessGenerator()
        let endless = QueryPipeline(retriever: index.retriever, selector: GreedySelector(), generator: generator)
        var tokens = 0
        for try await event in endless.run("vacuum") {
            if case .text = event { tokens += 1 }
            if tokens == 3 { break }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while !generator.probe.stopped, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(generator.probe.stopped)
        let produced = generator.probe.produced
        try await Task.sleep(for: .milliseconds(100))
        #expect(generator.probe.produced == produced)
    }
}

/// Selects everything that fits, in reverse order of retrieval.
private struct LastFirstSelector: Selector {
    let name = "last-first"

    func select(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [RetrievedChunk] {
        GreedySelector.fill(candidates.reversed(), budget: budget)
    }
}

/// Returns one retrieval whatever the question.
private struct FixedRetriever: Retriever {
    let retrieval: Retrieval

    func retrieve(_ question: String, k: Int) async throws -> Retrieval { retrieval }
}

/// Reverses retrieval's order (ranks renumbered) and records the questions it was asked.
private final class ReversingReranker: Reranker {
    let questions = Mutex<[String]>([])

    func rerank(question: String, retrieval: Retrieval) async throws -> Retrieval {
        questions.withLock { $0.append(question) }
        var reranked = retrieval
        reranked.chunks = retrieval.chunks.reversed().enumerated().map { offset, chunk in
            var chunk = chunk
            chunk.rank = offset + 1
            return chunk
        }
        return reranked
    }
}

/// Greedy top-k that records the question vector and the candidates' order of each call.
private final class RecordingSelector: Selector {
    let name = "recording"
    let calls = Mutex<[(vector: [Float]?, candidates: [Int64])]>([])

    func select(
        question: String, questionVector: [Float]?, candidates: [RetrievedChunk], budget: Int
    ) async throws -> [RetrievedChunk] {
        calls.withLock { $0.append((questionVector, candidates.map(\.chunkID))) }
        return GreedySelector.fill(candidates, budget: budget)
    }
}

/// Records the question vector of each call; every sentence is equally relevant.
private final class RecordingRelevance: SentenceRelevance {
    let vectors = Mutex<[[Float]?]>([])

    func similarities(question: String, questionVector: [Float]?, sentences: [String]) async throws -> [Float] {
        vectors.withLock { $0.append(questionVector) }
        return sentences.map { _ in 0.5 }
    }
}

/// Keeps only the sentences of each passage that contain a word of the question,
/// joined by a space that belongs to no piece.
private struct QuestionSentenceCompressor: Compressor {
    let name = "question-sentences"

    func compress(question: String, passages: [ContextPassage]) async throws -> [ContextPassage] {
        let words = Set(question.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count > 3 })
        return passages.map { passage in
            var text = ""
            var pieces: [ContextPassage.Piece] = []
            var offset = 0
            for sentence in passage.text.split(separator: ".", omittingEmptySubsequences: true) {
                let lower = Set(sentence.lowercased().split { !$0.isLetter }.map(String.init))
                guard !lower.isDisjoint(with: words) else { continue }
                if !text.isEmpty { text += " "; offset += 1 }
                let byteStart = passage.text.utf8.distance(from: passage.text.startIndex, to: sentence.startIndex)
                let kept = String(sentence) + "."
                pieces.append(.init(textStart: offset, sourceStart: passage.chunk.byteStart + byteStart, length: kept.utf8.count))
                text += kept
                offset += kept.utf8.count
            }
            return ContextPassage(chunk: passage.chunk, text: text, pieces: pieces, tokens: max(1, text.split(separator: " ").count))
        }
    }
}

/// Produces tokens until it is cancelled, and records that it stopped.
private final class CancellationProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var _produced = 0
    private var _stopped = false
    var produced: Int { lock.withLock { _produced } }
    var stopped: Bool { lock.withLock { _stopped } }
    func tick() { lock.withLock { _produced += 1 } }
    func stop() { lock.withLock { _stopped = true } }
}

private struct EndlessGenerator: Generator {
    let name = "endless"
    let probe = CancellationProbe()

    func generate(question: String, context: [ContextPassage]) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let probe = probe
        return AsyncThrowingStream { continuation in
            let task = Task {
                defer { probe.stop() }
                while !Task.isCancelled {
                    probe.tick()
                    continuation.yield(.text("token "))
                    try? await Task.sleep(for: .milliseconds(1))
                }
                continuation.finish(throwing: CancellationError())
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
