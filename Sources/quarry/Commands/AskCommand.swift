import ArgumentParser
import Embedding
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
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var openAI: BackendOptions

    @Argument(help: "The question. Leave out for an interactive session (:help for its commands).")
    var question: String?

    @Option(help: "The most context tokens handed to the generator.")
    var budget: Int = QueryOptions().budget

    @Option(name: .customLong("top-k"), help: "How many chunks retrieval returns.")
    var topK: Int = QueryOptions().topK

    @Option(help: "Who writes the answer: extractive (the best cited sentences; no model needed), local (SmolLM2 in-process), openai (an OpenAI-compatible server, see --openai-url), none (show the context only).")
    var generator: GeneratorKind = .extractive

    @Option(help: "Embed the question with the local MiniLM model (local) or an OpenAI-compatible server (openai); it must be the model the index was built with.")
    var embedder: EmbedderKind = .local

    /// The stages the options name.
    var choice: StageChoice { stages.choice(generator: generator, retriever: retrieval.retriever) }

    func run() async throws {
        let options = QueryOptions(topK: topK, budget: budget)
        try options.validate()
        _ = try global.location
        let index = try await retrieval.open(
            global, embedder: try await openAI.queryEmbedder(embedder, retrieval: retrieval), following: question == nil
        )
        do {
            try await answer(over: index, options: options)
        } catch {
            await index.store.close()
            throw error
        }
        await index.store.close()
    }

    /// Answers the question, or runs the REPL, over `index`.
    private func answer(over index: QuarryIndex, options: QueryOptions) async throws {
        let factory = try generation.factory(index: index, openAI: openAI, generator: generator)
        let pipeline = try factory.pipeline(choice)
        if let question {
            if global.json {
                try Output.json(try await pipeline.answer(question, options: options))
            } else {
                try await AnswerPrinter.stream(pipeline.run(question, options: options), in: .oneShot)
            }
        } else {
            var repl = Repl(pipelines: factory, stages: choice, options: options, json: global.json)
            try await repl.run()
        }
    }
}

extension BackendOptions {
    /// The embedder that embeds questions: `kind`'s, or none for BM25-only retrieval;
    /// `failed` gets why the local model could not be loaded when retrieval fell back to BM25.
    func queryEmbedder(
        _ kind: EmbedderKind, retrieval: RetrievalOptions, failed: (any Error) -> Void = { _ in }
    ) async throws -> (any Embedder)? {
        switch kind {
        case .openai where retrieval.retriever != .bm25: try await embedder()
        case .none: nil
        default: try retrieval.embedder(failed: failed)
        }
    }
}
