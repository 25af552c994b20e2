import ArgumentParser
import Foundation
import Generation
import Models
import QuarryCore

/// Who writes the answer and how: `--generator`, the local model's file and the
/// writing settings shared by the local and OpenAI-compatible generators.
struct GenerationOptions: ParsableArguments {
    @Option(help: "Who writes the answer: extractive (the best cited sentences; no model needed), local (SmolLM2 in-process), openai (an OpenAI-compatible server, see --openai-url).")
    var generator: GeneratorKind = .extractive

    @Option(name: .customLong("model"), help: "A Llama-family GGUF file for --generator local instead of the default SmolLM2.")
    var modelPath: String?

    @Option(name: .customLong("max-tokens"), help: "The most answer tokens a model writes.")
    var maxTokens: Int = GenerationSettings().maxTokens

    @Option(help: "Sampling temperature of the model (0: greedy, repeatable).")
    var temperature: Float = 0

    @Option(name: .customLong("stop"), help: "Text that ends the answer (repeatable).")
    var stop: [String] = []

    @Option(name: .customLong("source-order"), help: "Where the best passages go in the prompt: relevance-first or both-ends.")
    var sourceOrder: SourceOrder = .relevanceFirst

    func validate() throws {
        do {
            try settings.validate()
        } catch let error as QuarryError {
            throw ValidationError(error.message)
        }
    }

    /// The writing settings these flags give.
    var settings: GenerationSettings {
        GenerationSettings(maxTokens: maxTokens, temperature: temperature, stopSequences: stop, sourceOrder: sourceOrder)
    }

    /// The generator `--generator` names; loading the local model reports its progress on stderr.
    func make(_ backend: BackendOptions) throws -> any Generator {
        switch generator {
        case .extractive:
            return ExtractiveGenerator()
        case .local:
            return LocalGenerator(decoder: try Self.loadDecoder(modelPath), settings: settings)
        case .openai:
            return OpenAIGenerator(endpoint: try backend.chatEndpoint(), settings: settings)
        }
    }

    /// Loads the local model, saying on stderr what and how long it took.
    static func loadDecoder(_ path: String?) throws -> LlamaDecoder {
        let file = try path ?? ModelLocator().requireDecoderFile()
        let name = (file as NSString).lastPathComponent
        let clock = ContinuousClock()
        let start = clock.now
        Output.status("loading \(name)…")
        let decoder = try LlamaDecoder(path: file)
        let seconds = (clock.now - start).seconds
        Output.status(String(format: "loaded %@ (%d layers, %d-token context) in %.1f s", name,
                             decoder.configuration.layerCount, decoder.configuration.contextLength, seconds))
        return decoder
    }
}

/// The generators a user can name with `--generator`.
enum GeneratorKind: String, ExpressibleByArgument, CaseIterable {
    case extractive, local, openai
}

extension SourceOrder: ExpressibleByArgument {}

extension GenerationOptions {
    /// `options` with `kind` as the generator, made.
    static func make(_ kind: GeneratorKind, like options: GenerationOptions, openAI: BackendOptions) throws -> any Generator {
        var options = options
        options.generator = kind
        return try options.make(openAI)
    }
}
