import Foundation
import Pipeline
import QuarryCore
import Store
import Testing

/// `quarry eval qa`'s measures on a hand-made QA set whose answers are known, so each
/// figure can be worked out by hand.
@Suite("QA evaluation")
struct QAEvaluationTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // "Café" puts a two-byte character before the spans; the CRLF record makes
        // normalisation shift the span, which must be found again.
        let corpus = [
            #"{"_id": "paris", "title": "Café tower", "text": "The café opened in 1950. The Eiffel Tower stands in Paris and is 330 metres tall."}"#,
            #"{"_id": "rome", "title": "Rome", "text": "Rome is the capital of Italy.\r\nThe Colosseum held 50,000 spectators."}"#,
            #"{"_id": "oslo", "text": "Oslo is the capital of Norway. Its fjord is long."}"#,
        ]
        let qa = [
            #"{"id": "q1", "question": "How tall is the Eiffel Tower?", "answers": ["330 metres"], "supporting_ids": ["paris"], "answer_spans": [{"doc": "paris", "start": 65, "end": 75}]}"#,
            #"{"id": "q2", "question": "How many spectators did the Colosseum hold?", "answers": ["50,000"], "supporting_ids": ["rome"], "answer_spans": [{"doc": "rome", "start": 50, "end": 56}]}"#,
            #"{"id": "q3", "question": "Which capitals have a fjord and a Colosseum?", "answers": ["Norway"], "supporting_ids": ["oslo", "rome"]}"#,
        ]
        try Data((corpus.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("corpus.jsonl"))
        try Data((qa.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("qa.jsonl"))
    }

    /// Character offsets of the raw record become byte ranges of the indexed text
    /// (title + blank line + body, CRLF folded), which hold exactly the answer.
    @Test func spansBecomeByteRangesOfTheIndexedText() throws {
        let dataset = try QADataset(directory: folder)
        let indexed = [
            "paris": "Café tower\n\nThe café opened in 1950. The Eiffel Tower stands in Paris and is 330 metres tall.",
            "rome": "Rome\n\nRome is the capital of Italy.\nThe Colosseum held 50,000 spectators.",
        ]
        let spans = dataset.questions.flatMap(\.spans)
        #expect(spans.count == 2)
        for (span, answer) in zip(spans, ["330 metres", "50,000"]) {
            let text = Array(try #require(indexed[span.document]).utf8)
            #expect(String(decoding: text[span.bytes], as: UTF8.self) == answer)
        }
        #expect(dataset.questions[2].spans.isEmpty)
        #expect(dataset.questions[2].supportingIDs == ["oslo", "rome"])
    }

    @Test func aSpanOutsideItsDocumentIsAClearError() throws {
        let qa = #"{"id": "bad", "question": "?", "answers": ["x"], "answer_spans": [{"doc": "oslo", "start": 40, "end": 400}]}"#
        try Data(qa.utf8).write(to: folder.appendingPathComponent("qa.jsonl"))
        #expect(throws: QuarryError.self) { try QADataset(directory: folder) }
    }

    /// SQuAD's rules: case, punctuation and articles do not count; F1 is token overlap;
    /// an answer survives only as whole words ("50" is not in "1950").
    @Test func answerMatchingFollowsSQuADsRules() {
        #expect(AnswerMatching.exactMatch("the Eiffel Tower!", answers: ["Eiffel tower"]) == 1)
        #expect(AnswerMatching.exactMatch("Eiffel", answers: ["Eiffel Tower"]) == 0)
        #expect(abs(AnswerMatching.f1("Eiffel", answers: ["Eiffel Tower"]) - 2.0 / 3.0) < 1e-12)
        #expect(AnswerMatching.f1("Paris", answers: ["Rome", "paris."]) == 1)
        #expect(AnswerMatching.f1("", answers: ["Rome"]) == 0)
        #expect(AnswerMatching.survives(answers: ["330 metres"], in: "It is 330 Metres tall."))
        #expect(!AnswerMatching.survives(answers: ["50"], in: "It opened in 1950."))
        #expect(!AnswerMatching.survives(answers: ["330 metres"], in: "330 feet, not metres"))
    }

    /// `answer_containment` and `answer_words_mean`: a gold answer counts only as whole
    /// contiguous words of the answer, and citation markers neither count as words nor
    /// split an answer ("330 [1] metres" holds "330 metres").
    @Test func containmentIgnoresCitationMarkersAndCountsWords() {
        let cited = AnswerMatching.containment(answers: ["330 metres"], in: "The tower is 330 [1] metres tall. [2]")
        #expect(cited.contained && cited.words == 5)
        let inYear = AnswerMatching.containment(answers: ["50"], in: "It opened in 1950 [1].")
        #expect(!inYear.contained && inYear.words == 4)
        #expect(AnswerMatching.containment(answers: ["Rome"], in: "").words == 0)
    }

    /// The whole harness over a real index: BM25 retrieval, greedy selection, the
    /// extractive generator. Every figure is checked against the dump's own lines and
    /// against what the tiny corpus makes certain.
    @Test func theHarnessMeasuresEachQuestionAndAveragesThem() async throws {
        let dataset = try QADataset(directory: folder)
        let url = folder.appendingPathComponent("index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [dataset.corpus])
        let index = try QuarryIndex.open(url, kind: .bm25)
        let pipeline = try PipelineFactory(index: index).pipeline(StageChoice(generator: .extractive))
        var outcomes: [QAOutcome] = []
        let result = try await QAEvaluation.run(
            dataset.questions, pipeline: pipeline, options: QueryOptions(topK: 3, budget: 1024),
            documentOf: try index.file!.documentKeys(), retrieverName: "bm25", index: url.path
        ) { outcomes.append($0) }

        #expect(result.questions == 3 && outcomes.count == 3)
        // The corpus is three short documents and the budget holds them all: every
        // answer and every supporting document reaches the context.
        #expect(outcomes.filter(\.survived).count == 3)
        // The dump records the context the generator read, and survival is judged on it.
        for outcome in outcomes {
            #expect(!outcome.context.isEmpty)
            #expect(AnswerMatching.survives(answers: outcome.answers, in: outcome.context) == outcome.survived)
        }
        #expect(result.answerSurvival == 1)
        #expect(result.supportRecall == 1)
        #expect(outcomes[2].supportFound.sorted() == ["oslo", "rome"])
        // Each one-chunk document holds its span; the span's document ranks first for q1.
        #expect(outcomes[0].spanRank == 1)
        #expect(outcomes[1].spanRank != nil)
        #expect(result.spanRecallAt5 == 1)
        let expectedAt1 = Double(outcomes.prefix(2).filter { $0.spanRank == 1 }.count) / 2
        #expect(result.spanRecallAt1 == expectedAt1)
        #expect(result.contextTokensMean == Double(outcomes.map(\.contextTokens).reduce(0, +)) / 3)
        #expect(result.contextTokensMean > 0)
        // The extractive answer quotes sentences, so EM is 0 but F1 counts the overlap.
        let f1 = outcomes.map(\.f1).reduce(0, +) / 3
        #expect(result.f1.map { abs($0 - f1) < 1e-4 } == true)
        #expect(f1 > 0)
        // Containment and length are the means of the dump's lines.
        let contained = Double(outcomes.filter(\.contained).count) / 3
        #expect(result.answerContainment.map { abs($0 - contained) < 1e-4 } == true)
        let words = Double(outcomes.map(\.answerWords).reduce(0, +)) / 3
        #expect(result.answerWordsMean.map { abs($0 - words) < 1e-4 } == true)
        #expect(words > 0)
    }

    /// Without a generator the pipeline stops at the context: EM/F1 are absent, not 0,
    /// and the JSON still carries every contract key (as null).
    @Test func withoutAGeneratorAnswerScoresAreNull() async throws {
        let dataset = try QADataset(directory: folder)
        let url = folder.appendingPathComponent("index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [dataset.corpus])
        let index = try QuarryIndex.open(url, kind: .bm25)
        let pipeline = try PipelineFactory(index: index).pipeline(StageChoice(generator: .none))
        let result = try await QAEvaluation.run(
            dataset.questions, pipeline: pipeline, options: QueryOptions(topK: 3, budget: 64),
            documentOf: try index.file!.documentKeys(), retrieverName: "bm25", index: url.path
        )
        #expect(result.em == nil && result.f1 == nil && result.generator == "none")
        #expect(result.answerContainment == nil && result.answerWordsMean == nil)
        #expect(result.contextTokensMean <= 64)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        for key in ["questions", "answer_survival", "support_recall", "context_tokens_mean", "em", "f1",
            "ms_per_question", "span_recall@1", "span_recall@3", "span_recall@5", "answer_containment",
            "answer_words_mean"]
        {
            #expect(json?.keys.contains(key) == true, "missing \(key)")
        }
    }
}
