import Generation
import QuarryCore
import Selection

/// Builds the query pipeline a ``StageChoice`` names over one index, sharing the loaded
/// models between the pipelines it builds: `ask`, each `/v1/query` request and
/// `eval qa` get their pipelines here, so a stage added to the choice reaches all three.
public struct PipelineFactory: QueryPipelineSource {
    public let index: QuarryIndex
    public let models: ModelResources

    public init(index: QuarryIndex, models: ModelResources = ModelResources()) {
        self.index = index
        self.models = models
    }

    /// The pipeline for `choice`.
    /// - Throws: an invalid-input error when a setting is out of range or a stage
    ///   cannot be built here (a missing model says how to get it).
    public func pipeline(_ choice: StageChoice) throws -> QueryPipeline {
        let selector: any Selector =
            switch choice.selector {
            case .topk: GreedySelector()
            }
        let compressor = try choice.compression.map { target in
            try target.validate()
            return try CompressorBuilder(index: index, models: models).compressor(choice.compressionMethod, target: target)
        }
        let generator: (any Generator)? =
            switch choice.generator {
            case .none: nil
            case .extractive: ExtractiveGenerator()
            }
        return QueryPipeline(retriever: index, selector: selector, compressor: compressor, generator: generator)
    }
}
