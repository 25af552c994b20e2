import ArgumentParser
import Foundation
import Generation
import Pipeline
import QuarryCore

/// `quarry ask [QUESTION]`: one answer, or an interactive session without a question.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the index, with citations; without a question, start a REPL."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var retrieval: RetrievalOptions

    @Argument(help: "The question. Leave out for an interactive session (:help for its commands).")
    var question: String?

    @Option(help: "The most context tokens handed to the generator.")
    var budget: Int = QueryOptions().budget

    @Option(name: .customLong("top-k"), help: "How many chunks retrieval returns.")
    var topK: Int = QueryOptions().topK

    @Option(help: "Who writes the answer: extractive (the best cited sentences; no model needed), local, openai.")
    var generator: GeneratorKind = .extractive

    func run() async throws {
        let options = QueryOptions(topK: topK, budget: budget)
        try options.validate()
        let index = try retrieval.open(global.indexURL)
        let pipeline = QueryPipeline(index: index, generator: try generator.make())
        if let question {
            if global.json {
                try Output.json(try await pipeline.answer(question, options: options))
            } else {
                try await AnswerPrinter.stream(pipeline.run(question, options: options), sources: false)
            }
        } else {
            try await Repl(pipeline: pipeline, index: index, options: options, json: global.json).run()
        }
    }
}

/// The generators a user can name with `--generator`.
enum GeneratorKind: String, ExpressibleByArgument, CaseIterable {
    case extractive, local, openai

    func make() throws -> any Generator {
        switch self {
        case .extractive:
            return ExtractiveGenerator()
        case .local, .openai:
            throw ValidationError(
                "--generator \(rawValue) is not available in this build yet; use --generator extractive"
            )
        }
    }
}
