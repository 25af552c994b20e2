import ArgumentParser
import Foundation
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
    @OptionGroup var stages: StageOptions

    @Argument(help: "The question. Leave out for an interactive session (:help for its commands).")
    var question: String?

    @Option(help: "The most context tokens handed to the generator.")
    var budget: Int = QueryOptions().budget

    @Option(name: .customLong("top-k"), help: "How many chunks retrieval returns.")
    var topK: Int = QueryOptions().topK

    @Option(help: "Who writes the answer: extractive (the best cited sentences; no model needed), none (show the context only).")
    var generator: GeneratorKind = .extractive

    func run() async throws {
        let options = QueryOptions(topK: topK, budget: budget)
        try options.validate()
        let index = try retrieval.open(global.indexURL)
        let factory = PipelineFactory(index: index)
        let choice = stages.choice(generator: generator)
        let pipeline = try factory.pipeline(choice)
        if let question {
            if global.json {
                try Output.json(try await pipeline.answer(question, options: options))
            } else {
                try await AnswerPrinter.stream(pipeline.run(question, options: options), sources: false)
            }
        } else {
            try await Repl(pipelines: factory, stages: choice, options: options, json: global.json).run()
        }
    }
}
