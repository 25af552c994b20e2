import ArgumentParser
import Foundation
import Generation
import Models
import Pipeline
import QuarryCore

/// How the language-model generators (`--generator local|openai`) write: answer length,
/// sampling, stop sequences and where the best passages go in the prompt.
struct GenerationOptions: ParsableArguments {
    @Option(name: .customLong("max-tokens"), help: "The most answer tokens a model writes.")
    var maxTokens: Int = GenerationSettings().maxTokens

    @Option(help: "Sampling temperature of the model (0: greedy, repeatable).")
    var temperature: Float = 0

    @Option(name: .customLong("stop"), help: "Text that ends the answer (repeatable).")
    var stop: [String] = []

    @Option(name: .customLong("source-order"), help: "Where the best passages go in the prompt: relevance-first or both-ends.")
    var sourceOrder: SourceOrder = .relevanceFirst

    @Option(
        name: .customLong("no-repeat-ngram"), help: "The local model writes no run of this many tokens twice (0: off)."
    )
    var noRepeatNgram: Int = GenerationSettings.defaultNoRepeatNgram

    @Option(
        name: .customLong("answer-style"),
        help: "How --generator extractive answers: sentences (the three best) or snippets (the shortest passage that answers)."
    )
    var answerStyle: ExtractiveStyle = .sentences

    @Option(
        name: .customLong("snippet-embed"),
        help: "How many of a snippet answer's best sentences by word overlap are embedded to compare meanings (0: overlap only)."
    )
    var snippetEmbed: Int = ExtractiveGenerator().maxEmbedded

    func validate() throws {
        do {
            try settings.validate()
            guard (0...ExtractiveGenerator.maxEmbeddedLimit).contains(snippetEmbed) else {
                throw QuarryError.invalidInput(
                    "--snippet-embed must be between 0 and \(ExtractiveGenerator.maxEmbeddedLimit) (got \(snippetEmbed))"
                )
            }
        } catch let error as QuarryError {
            throw ValidationError(error.message)
        }
    }

    /// The writing settings these flags give.
    var settings: GenerationSettings {
        GenerationSettings(
            maxTokens: maxTokens, temperature: temperature, stopSequences: stop, sourceOrder: sourceOrder,
            noRepeatNgram: noRepeatNgram
        )
    }

    /// A pipeline factory over `index` with these settings and `openAI`'s server, its
    /// local model loaded now (with progress on stderr) when `generator` needs it.
    func factory(index: QuarryIndex, openAI: BackendOptions, generator: GeneratorKind) throws -> PipelineFactory {
        let models = ModelResources()
        if generator == .local { try Self.load(models) }
        let endpoint = generator == .openai ? try openAI.chatEndpoint() : try? openAI.chatEndpoint()
        return PipelineFactory(
            index: index, models: models, generation: settings, openAI: endpoint,
            extractive: ExtractiveGenerator(style: answerStyle, maxEmbedded: snippetEmbed)
        )
    }

    /// Loads the local model, saying on stderr what and how long it took.
    static func load(_ models: ModelResources) throws {
        let clock = ContinuousClock()
        let start = clock.now
        Output.status("loading the local language model…")
        let decoder = try models.decoder()
        let name = (decoder.path as NSString).lastPathComponent
        Output.status(String(format: "loaded %@ (%d layers, %d-token context) in %.1f s", name,
                             decoder.configuration.layerCount, decoder.configuration.contextLength, (clock.now - start).seconds))
    }
}

extension SourceOrder: ExpressibleByArgument {}
extension ExtractiveStyle: ExpressibleByArgument {}
