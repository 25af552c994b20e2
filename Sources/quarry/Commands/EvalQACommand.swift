import ArgumentParser
import Foundation
import Pipeline

/// `quarry eval qa DIR`: how much of what a question needs reaches the generator, and
/// how good the answer is, on a QA folder (`corpus.jsonl` + `qa.jsonl`).
struct EvalQACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Index DIR/corpus.jsonl (or reuse that index) and run DIR/qa.jsonl through the query pipeline.",
        discussion: """
            Measures answer survival (a gold answer in the context handed to the generator), support recall \
            (supporting documents with a chunk in that context), span recall@1/3/5 (a gold answer span inside \
            a top-k retrieved chunk), context tokens, and with a generator EM/F1 (SQuAD rules). The evaluation \
            index is shared with `eval retrieval` (eval-NAME-FOLDER-CHUNKER-SIZE….quarry beside --index, FOLDER a hash of DIR's path).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var chunking: ChunkingOptions
    @OptionGroup var retrieval: EvaluationRetrievalOptions
    @OptionGroup var stages: StageOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var openAI: BackendOptions

    @Argument(help: "A QA folder: corpus.jsonl and qa.jsonl.")
    var directory: String

    @Option(help: "The most context tokens handed to the generator.")
    var budget: Int = QueryOptions().budget

    @Option(name: .customLong("top-k"), help: "How many chunks retrieval returns for selection.")
    var topK: Int = QueryOptions().topK

    @Option(help: "Who writes the answer: none (stop before generation), extractive, local (SmolLM2 in-process), openai (see --openai-url).")
    var generator: GeneratorKind = .none

    @Option(help: "Only the first N questions of qa.jsonl.")
    var limit: Int?

    @Option(help: "Write one JSON line per question (retrieved, selected, context tokens, survived, answer) to FILE.")
    var dump: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    /// The stages the options name.
    var choice: StageChoice { stages.choice(generator: generator, retriever: retrieval.retriever) }

    func run() async throws {
        let options = QueryOptions(topK: topK, budget: budget)
        try options.validate()
        let folder = URL(fileURLWithPath: directory)
        let dataset = try QADataset(directory: folder)
        let (index, indexName) = try await retrieval.openIndex(
            folder: folder, corpus: dataset.corpus, chunking: chunking, global: global
        )
        let factory = try generation.factory(index: index, openAI: openAI, generator: generator)
        let pipeline = try factory.pipeline(choice)
        let questions = Array(dataset.questions.prefix(limit ?? .max))

        let dumpFile = try dump.map { try JSONLinesWriter(creating: $0) }
        let bar = global.json ? nil : ProgressBar(label: "questions")
        var done = 0
        let result = try await QAEvaluation.run(
            questions, pipeline: pipeline, options: options, documentOf: try await index.store.documentKeys(),
            retrieverName: retrieval.name, index: indexName
        ) { outcome in
            try dumpFile?.write(outcome)
            done += 1
            bar?.update(done: done, total: questions.count)
        }
        if global.json {
            try Output.json(result)
        } else {
            print(Self.describe(result))
        }
    }

    private static func describe(_ result: QAEvaluation) -> String {
        func figure(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "–" }
        var parts = [
            "\(result.retriever)/\(result.selector)/\(result.generator) · \(result.questions) questions",
            "answer survival \(figure(result.answerSurvival))",
            "support recall \(figure(result.supportRecall))",
            "span recall@1/3/5 \(figure(result.spanRecallAt1))/\(figure(result.spanRecallAt3))/\(figure(result.spanRecallAt5))",
            String(format: "%.0f context tokens", result.contextTokensMean),
        ]
        if result.em != nil { parts.append("EM \(figure(result.em)) · F1 \(figure(result.f1))") }
        if let words = result.answerWordsMean {
            let length = String(format: "%.1f words", words)
            parts.append("answer containment \(figure(result.answerContainment)) at \(length)")
        }
        if result.uncitedRate != nil {
            parts.append("citation precision \(figure(result.citationPrecision)) · uncited \(figure(result.uncitedRate))")
        }
        parts.append(String(format: "%.1f ms/question", result.msPerQuestion))
        return parts.joined(separator: " · ")
    }
}
