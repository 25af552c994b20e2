import Generation
import Models
import OpenAIHTTP
import QuarryCore
import Selection

/// Builds the query pipeline a ``StageChoice`` names over one index, sharing the loaded
/// models between the pipelines it builds: `ask`, each `/v1/query` request and
/// `eval qa` get their pipelines here, so a stage added to the choice reaches all three.
public struct PipelineFactory: QueryPipelineSource {
    public let index: QuarryIndex
    public let models: ModelResources
    /// How the local and OpenAI-compatible generators write (length, sampling, stops, source order).
    public let generation: GenerationSettings
    /// The server behind `GeneratorKind.openai`; nil when none was configured.
    public let openAI: OpenAIEndpoint?
    /// When compression runs for a choice that names none (``CompressionRequest/automatic``).
    public let compressionPolicy: CompressionPolicy
    /// The extractive generator's style and bounds; for snippets that embed sentences,
    /// its ``SentenceRelevance`` is the index's embedder.
    public let extractive: ExtractiveGenerator

    public init(
        index: QuarryIndex, models: ModelResources = ModelResources(), generation: GenerationSettings = GenerationSettings(),
        openAI: OpenAIEndpoint? = nil, compressionPolicy: CompressionPolicy = .measured,
        extractive: ExtractiveGenerator = ExtractiveGenerator()
    ) {
        self.extractive = extractive
        self.index = index
        self.models = models
        self.generation = generation
        self.openAI = openAI
        self.compressionPolicy = compressionPolicy
    }

    /// The pipeline for `choice`.
    /// - Throws: an invalid-input error when a setting is out of range or a stage
    ///   cannot be built here (a missing model says how to get it).
    public func pipeline(_ choice: StageChoice) throws -> QueryPipeline {
        let selector: any Selector =
            switch choice.selector {
            case .topk: GreedySelector()
            case .mcts: MCTSSelector(index: index)
            }
        let decision = compressionPolicy.decision(choice.compression, generator: choice.generator)
        let compressor = try decision.map { decision in
            try decision.target.validate()
            return try makeCompressor(choice, target: decision.target)
        }
        let generator: (any Generator)? =
            switch choice.generator {
            case .none: nil
            case .extractive: extractiveGenerator()
            case .local: LocalGenerator(decoder: try models.decoder(), settings: generation)
            case .openai: OpenAIGenerator(endpoint: try openAIEndpoint(), settings: generation)
            }
        let retriever = try choice.retriever.map { try index.retriever($0) } ?? index.retriever
        return QueryPipeline(
            retriever: retriever, selector: selector, compressor: compressor,
            compressionMinimumTokens: decision?.minimumTokens ?? 0, generator: generator
        )
    }

    /// ``extractive``, given the index's embedder when it embeds snippet sentences.
    private func extractiveGenerator() -> ExtractiveGenerator {
        var generator = extractive
        if generator.style == .snippets, generator.maxEmbedded > 0, generator.relevance == nil {
            generator.relevance = EmbeddingSentenceRelevance(index: index)
        }
        return generator
    }

    /// The compressor `choice` names; when the policy chose it, a missing model says how
    /// to turn compression off.
    private func makeCompressor(_ choice: StageChoice, target: CompressionTarget) throws -> any Compressor {
        do {
            let builder = CompressorBuilder(index: index, models: models)
            return try builder.compressor(choice.compressionMethod, target: target)
        } catch let error as ModelError where choice.compression == .automatic {
            // Still a model's error, so a server logs it (it names the model's path) and
            // answers 503 without the path.
            throw ModelError("compression is on by default for the \(choice.generator.rawValue) generator and "
                + "counts SmolLM2's tokens: \(error.message) (or turn it off: --compression off, \"compression\": \"off\")")
        } catch where choice.compression == .automatic {
            let error = QuarryError(error)
            throw QuarryError(
                error.kind, "compression is on by default for the \(choice.generator.rawValue) generator and "
                    + "counts SmolLM2's tokens: \(error.message) "
                    + "(or turn it off: --compression off, \"compression\": \"off\")"
            )
        }
    }

    private func openAIEndpoint() throws -> OpenAIEndpoint {
        guard let openAI else {
            throw QuarryError.invalidInput(
                "no OpenAI-compatible server is configured; give --openai-url and --openai-model (or QUARRY_OPENAI_BASE_URL and QUARRY_OPENAI_MODEL)"
            )
        }
        return openAI
    }
}
