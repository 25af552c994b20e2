import Chunking
import Foundation
import Generation
import QuarryCore
import Selection

/// Question → retriever → reranker (optional) → selector → compressor (optional) →
/// generator (optional), as a value composed from stage protocols. Without a generator
/// the pipeline stops once the context is built, with an empty answer (how
/// `eval qa --generator none` measures the stages before generation). ``run(_:options:)`` streams the stages' events;
/// ``answer(_:options:)`` waits for the whole result. The question's vector, when the
/// retriever embedded it (``Retrieval/questionVector``), goes on to the selector and the
/// generator.
public struct QueryPipeline: Sendable {
    public let retriever: any Retriever
    /// Reorders the retrieved chunks before selection; nil: selection takes retrieval's
    /// order. The reranked retrieval is what the `retrieved` event and the result report,
    /// and its time counts as retrieval's.
    public let reranker: (any Reranker)?
    public let selector: any Selector
    public let compressor: (any Compressor)?
    /// The compressor runs only on selected contexts of at least this many tokens
    /// (``CompressionPolicy``); 0: on every context.
    public let compressionMinimumTokens: Int
    public private(set) var generator: (any Generator)?

    public init(
        retriever: any Retriever, reranker: (any Reranker)? = nil, selector: any Selector,
        compressor: (any Compressor)? = nil, compressionMinimumTokens: Int = 0, generator: (any Generator)?
    ) {
        self.retriever = retriever
        self.reranker = reranker
        self.selector = selector
        self.compressor = compressor
        self.compressionMinimumTokens = compressionMinimumTokens
        self.generator = generator
    }

    /// This pipeline with `generator` in its place; every other stage and setting kept.
    public func replacing(generator: (any Generator)?) -> QueryPipeline {
        var pipeline = self
        pipeline.generator = generator
        return pipeline
    }

    /// The longest question accepted, in bytes of UTF-8 (counted in bytes, not
    /// characters, so a character with a million combining marks is as long as it costs).
    public static let maxQuestionBytes = 4_000

    /// Checks `question` and returns it trimmed; throws an invalid-input error that says
    /// what is wrong.
    public static func validate(question: String) throws -> String {
        guard question.utf8.count <= maxQuestionBytes else {
            throw QuarryError.invalidInput(
                "the question is \(question.utf8.count) bytes long; the limit is \(maxQuestionBytes) bytes of UTF-8"
            )
        }
        let trimmed = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw QuarryError.invalidInput("the question is empty; ask something") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }) else {
            throw QuarryError.invalidInput("the question contains control characters; send plain text")
        }
        return trimmed
    }

    /// Streams the answer to `question`: `retrieved`, `selected`, `context`, the answer's
    /// text as it is produced, then `finished` with the whole result. Stops the stages when
    /// the consumer stops listening (a client that went away).
    public func run(_ question: String, options: QueryOptions = .init()) -> AsyncThrowingStream<QueryEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await execute(question, options: options) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The whole result for `question`.
    public func answer(_ question: String, options: QueryOptions = .init()) async throws -> QueryResult {
        var result: QueryResult?
        try await execute(question, options: options) { event in
            if case .finished(let finished) = event { result = finished }
        }
        guard let result else { throw QuarryError(.internal, "the generator finished without an answer") }
        return result
    }

    private func execute(_ question: String, options: QueryOptions, emit: (QueryEvent) -> Void) async throws {
        let trimmed = try Self.validate(question: question)
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        var mark = started
        var timings = StageTimings()
        func lap() -> Double {
            let now = clock.now
            defer { mark = now }
            return Self.milliseconds(now - mark)
        }

        var retrieval = try await retriever.retrieve(trimmed, k: options.topK)
        if let reranker { retrieval = try await reranker.rerank(question: trimmed, retrieval: retrieval) }
        timings.retrieve = lap()
        emit(.retrieved(retrieval))

        let selection = try await selector.selectExplained(
            question: trimmed, questionVector: retrieval.questionVector, candidates: retrieval.chunks,
            budget: options.budget
        )
        let selected = selection.map(\.chunk)
        let selectedTokens = selected.reduce(0) { $0 + $1.tokens }
        guard selectedTokens <= options.budget else {
            throw QuarryError(.internal, "selector \(selector.name) chose \(selectedTokens) tokens for a budget of \(options.budget)")
        }
        timings.select = lap()
        emit(.selected(selected, tokens: selectedTokens))

        var context = selected.map(ContextPassage.init)
        var compressedBy: String?
        if let compressor, selectedTokens >= compressionMinimumTokens {
            context = try await compressor.compress(question: trimmed, passages: context)
            timings.compress = lap()
            compressedBy = compressor.name
        }
        emit(.context(context))

        var answer = GeneratedAnswer(text: "", citations: [])
        let answerable = Answerability.answerable(retrieval, context: context)
        if generator != nil, !answerable {
            answer.text = Answerability.nothingFound
            emit(.text(answer.text))
        } else if let generator {
            var finished: GeneratedAnswer?
            let events = generator.generate(question: trimmed, questionVector: retrieval.questionVector, context: context)
            for try await event in events {
                switch event {
                case .text(let text): emit(.text(text))
                case .finished(let whole): finished = whole
                }
            }
            try Task.checkCancellation()
            guard let finished else { throw QuarryError(.internal, "generator \(generator.name) ended without an answer") }
            answer = finished
            timings.generate = lap()
        }
        timings.total = Self.milliseconds(clock.now - started)
        let contextTokens = context.reduce(0) { $0 + $1.tokens }
        // Generators without a model count nothing: the context's tokens and an estimate of the answer's.
        let usage = generator == nil ? nil : answer.usage ?? TokenUsage(
            promptTokens: contextTokens, completionTokens: ApproximateTokenCounter().count(Substring(answer.text))
        )
        emit(.finished(QueryResult(
            question: trimmed, answer: answer.text, citations: answer.citations, retrieved: retrieval.chunks,
            selected: selected.map(\.chunkID), contextTokens: contextTokens,
            selector: selector.name, generator: generator?.name ?? GeneratorKind.none.rawValue, indexGeneration: retrieval.generation,
            timingsMs: timings, citationFlags: answer.citationFlags, selection: selection.map(SelectionEntry.init),
            selectedTokens: selectedTokens, compressor: compressedBy, answerable: answerable,
            truncated: answer.truncated, usage: usage, bestSimilarity: retrieval.bestSimilarity
        )))
    }

    /// `duration` in milliseconds to the microsecond, as timings are reported.
    private static func milliseconds(_ duration: Duration) -> Double {
        (duration.milliseconds * 1000).rounded() / 1000
    }
}

extension QueryPipeline {
    /// The default pipeline over an index: the retriever it was opened for, greedy top-k
    /// selection, no compression, and `generator` (extractive unless told otherwise).
    public init(index: QuarryIndex, generator: any Generator = ExtractiveGenerator()) {
        self.init(retriever: index.retriever, selector: GreedySelector(), generator: generator)
    }
}
