import Foundation
import QuarryCore

/// The figures of `quarry eval qa` (keys as in the command-line contract), measured by
/// running each question of a ``QADataset`` through a query pipeline.
///
/// - `answer_survival`: share of questions with a gold answer in the context handed to
///   the generator (``AnswerMatching/survives(answers:in:)``: SQuAD-normalised words,
///   contiguous).
/// - `support_recall`: mean over questions (with `supporting_ids`) of the share of
///   supporting documents with at least one chunk in that context.
/// - `span_recall@k`: share of questions (with answer spans) where a gold span's bytes
///   lie inside one of the top k retrieved chunks; nil when the set has no spans.
/// - `em`, `f1`: SQuAD exact match and token F1 of the answer; nil without a generator.
/// - `answer_containment`: share of answers holding a gold answer's SQuAD-normalised
///   words contiguously, citation markers removed; `answer_words_mean`: the answers'
///   mean length in those words. Both nil without a generator: together they measure
///   the trade between finding the answer and saying little, which EM and F1 blur.
/// - `context_tokens_mean`, `ms_per_question` (the whole pipeline, one question at a time).
/// - `citation_precision`: over all citations of all answers, the share whose cited
///   chunk holds a gold answer (the same test as answer survival, on that chunk's whole
///   text, so sentence and passage citations are judged alike); nil when nothing was
///   cited. `uncited_rate`: share of answers flagged `cites_nothing`.
public struct QAEvaluation: Sendable, Encodable {
    public var questions: Int
    public var answerSurvival: Double
    public var supportRecall: Double?
    public var contextTokensMean: Double
    public var em: Double?
    public var f1: Double?
    public var answerContainment: Double?
    public var answerWordsMean: Double?
    public var msPerQuestion: Double
    public var spanRecallAt1: Double?
    public var spanRecallAt3: Double?
    public var spanRecallAt5: Double?
    public var citationPrecision: Double?
    public var uncitedRate: Double?
    /// Mean milliseconds per stage (``StageTimingMeans``).
    public var stageMsMean: StageTimingMeans?
    /// The stages measured.
    public var retriever: String
    public var selector: String
    public var generator: String
    public var budget: Int
    public var topK: Int
    public var index: String

    enum CodingKeys: String, CodingKey {
        case questions, em, f1, retriever, selector, generator, budget, index
        case answerSurvival = "answer_survival", supportRecall = "support_recall"
        case contextTokensMean = "context_tokens_mean", msPerQuestion = "ms_per_question"
        case spanRecallAt1 = "span_recall@1", spanRecallAt3 = "span_recall@3", spanRecallAt5 = "span_recall@5"
        case topK = "top_k", answerContainment = "answer_containment", answerWordsMean = "answer_words_mean"
        case citationPrecision = "citation_precision", uncitedRate = "uncited_rate", stageMsMean = "stage_ms_mean"
    }

    /// Every contract key is written, `null` where a figure does not apply.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(questions, forKey: .questions)
        try container.encode(answerSurvival, forKey: .answerSurvival)
        try container.encode(supportRecall, forKey: .supportRecall)
        try container.encode(contextTokensMean, forKey: .contextTokensMean)
        try container.encode(em, forKey: .em)
        try container.encode(f1, forKey: .f1)
        try container.encode(answerContainment, forKey: .answerContainment)
        try container.encode(answerWordsMean, forKey: .answerWordsMean)
        try container.encode(msPerQuestion, forKey: .msPerQuestion)
        try container.encode(spanRecallAt1, forKey: .spanRecallAt1)
        try container.encode(spanRecallAt3, forKey: .spanRecallAt3)
        try container.encode(spanRecallAt5, forKey: .spanRecallAt5)
        try container.encode(citationPrecision, forKey: .citationPrecision)
        try container.encode(uncitedRate, forKey: .uncitedRate)
        try container.encode(stageMsMean, forKey: .stageMsMean)
        try container.encode(retriever, forKey: .retriever)
        try container.encode(selector, forKey: .selector)
        try container.encode(generator, forKey: .generator)
        try container.encode(budget, forKey: .budget)
        try container.encode(topK, forKey: .topK)
        try container.encode(index, forKey: .index)
    }

    /// Runs `questions` through `pipeline` one at a time. `documentOf` maps chunk ids
    /// to the dataset's document ids (`QuarryStore.documentKeys()`); `record` receives
    /// each question's outcome as it is measured (for `--dump` and the progress bar).
    public static func run(
        _ questions: [QADataset.Question], pipeline: QueryPipeline, options: QueryOptions,
        documentOf: [Int64: String], retrieverName: String, index: String,
        record: (QAOutcome) throws -> Void = { _ in }
    ) async throws -> QAEvaluation {
        var outcomes: [QAOutcome] = []
        for question in questions {
            let outcome = try await measure(question, pipeline: pipeline, options: options, documentOf: documentOf)
            try record(outcome)
            outcomes.append(outcome)
        }
        return summary(
            outcomes, generated: pipeline.generator != nil, retriever: retrieverName, selector: pipeline.selector.name,
            generator: pipeline.generator?.name ?? GeneratorKind.none.rawValue, options: options, index: index
        )
    }

    /// One question's outcome.
    static func measure(
        _ question: QADataset.Question, pipeline: QueryPipeline, options: QueryOptions, documentOf: [Int64: String]
    ) async throws -> QAOutcome {
        var context: [ContextPassage] = []
        var result: QueryResult?
        for try await event in pipeline.run(question.question, options: options) {
            switch event {
            case .context(let passages): context = passages
            case .finished(let finished): result = finished
            case .retrieved, .selected, .text: break
            }
        }
        guard let result else { throw QuarryError(.internal, "the pipeline ended without a result") }
        let contextText = context.map(\.text).joined(separator: "\n\n")
        let contextDocuments = Set(context.compactMap { documentOf[$0.chunk.chunkID] })
        let spanRank = result.retrieved.first { chunk in
            guard let document = documentOf[chunk.chunkID] else { return false }
            return question.spans.contains {
                $0.document == document && chunk.byteStart <= $0.bytes.lowerBound && $0.bytes.upperBound <= chunk.byteEnd
            }
        }?.rank
        let chunkText = Dictionary(result.retrieved.map { ($0.chunkID, $0.text) }, uniquingKeysWith: { first, _ in first })
        let citedWithAnswer = result.citations.filter { citation in
            AnswerMatching.survives(answers: question.answers, in: chunkText[citation.chunkID] ?? citation.text)
        }
        let containment = AnswerMatching.containment(answers: question.answers, in: result.answer)
        return QAOutcome(
            id: question.id, question: question.question, answers: question.answers,
            retrieved: result.retrieved.map {
                .init(chunkID: $0.chunkID, document: documentOf[$0.chunkID] ?? $0.document, rank: $0.rank, tokens: $0.tokens)
            },
            selected: result.selected, contextTokens: result.contextTokens, context: contextText,
            survived: AnswerMatching.survives(answers: question.answers, in: contextText),
            supportingIDs: question.supportingIDs,
            supportFound: question.supportingIDs.filter(contextDocuments.contains),
            hasSpans: !question.spans.isEmpty, spanRank: spanRank, answer: result.answer,
            em: AnswerMatching.exactMatch(result.answer, answers: question.answers),
            f1: AnswerMatching.f1(result.answer, answers: question.answers),
            contained: containment.contained, answerWords: containment.words,
            ms: result.timingsMs.total, citations: result.citations.count, citationsWithAnswer: citedWithAnswer.count,
            citesNothing: result.citationFlags.contains(.citesNothing), timingsMs: result.timingsMs,
            answerable: result.answerable, bestSimilarity: result.bestSimilarity
        )
    }

    static func summary(
        _ outcomes: [QAOutcome], generated: Bool, retriever: String, selector: String, generator: String,
        options: QueryOptions, index: String
    ) -> QAEvaluation {
        func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : round4(values.reduce(0, +) / Double(values.count))
        }
        let supported = outcomes.filter { !$0.supportingIDs.isEmpty }
        let spanned = outcomes.filter(\.hasSpans)
        func spanRecall(_ k: Int) -> Double? {
            mean(spanned.map { ($0.spanRank ?? .max) <= k ? 1 : 0 })
        }
        return QAEvaluation(
            questions: outcomes.count,
            answerSurvival: mean(outcomes.map { $0.survived ? 1 : 0 }) ?? 0,
            supportRecall: mean(supported.map { Double($0.supportFound.count) / Double($0.supportingIDs.count) }),
            contextTokensMean: mean(outcomes.map { Double($0.contextTokens) }) ?? 0,
            em: generated ? mean(outcomes.map(\.em)) : nil,
            f1: generated ? mean(outcomes.map(\.f1)) : nil,
            answerContainment: generated ? mean(outcomes.map { $0.contained ? 1 : 0 }) : nil,
            answerWordsMean: generated ? mean(outcomes.map { Double($0.answerWords) }) : nil,
            msPerQuestion: mean(outcomes.map(\.ms)) ?? 0,
            spanRecallAt1: spanRecall(1), spanRecallAt3: spanRecall(3), spanRecallAt5: spanRecall(5),
            citationPrecision: generated ? citationPrecision(outcomes) : nil,
            uncitedRate: generated ? mean(outcomes.map { $0.citesNothing ? 1 : 0 }) : nil,
            stageMsMean: StageTimingMeans(outcomes.compactMap(\.timingsMs)),
            retriever: retriever, selector: selector, generator: generator, budget: options.budget,
            topK: options.topK, index: index
        )
    }

    private static func citationPrecision(_ outcomes: [QAOutcome]) -> Double? {
        let cited = outcomes.reduce(0) { $0 + $1.citations }
        guard cited > 0 else { return nil }
        return round4(Double(outcomes.reduce(0) { $0 + $1.citationsWithAnswer }) / Double(cited))
    }

    private static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
