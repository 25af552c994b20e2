import Models
import QuarryCore

/// An `Embedder` that runs a BERT-family sentence encoder in-process (all-MiniLM-L6-v2
/// by default): mean pooling and L2 normalisation as the model folder configures.
public struct LocalBertEmbedder: Embedder {
    /// The encoder doing the work.
    public let encoder: BertEncoder
    /// Sequences per forward pass.
    public let batchSize: Int
    public let modelName: String
    /// The name the default model (``init(locator:batchSize:precision:)``) goes by.
    public static let defaultModelName = "all-MiniLM-L6-v2"

    /// Loads the BERT folder at `folder` (a sentence-transformers layout). `precision` is
    /// the number format of the linear layers; nil takes `QUARRY_ENCODER_PRECISION`, else
    /// the fastest this CPU runs (`EncoderPrecision.resolve`).
    public init(
        folder: String, modelName: String? = nil, batchSize: Int = 32, precision: EncoderPrecision? = nil
    ) throws {
        encoder = try BertEncoder(folder: folder, precision: precision ?? EncoderPrecision.resolve())
        self.batchSize = batchSize
        self.modelName = modelName ?? (folder.split(separator: "/").last.map(String.init) ?? folder)
    }

    /// Loads the default model from the cache `locator` points at; the error says to run
    /// `Deploy/fetch-models.sh` when it is missing.
    public init(
        locator: ModelLocator = ModelLocator(), batchSize: Int = 32, precision: EncoderPrecision? = nil
    ) throws {
        try self.init(folder: locator.requireEmbedderFolder(), modelName: Self.defaultModelName, batchSize: batchSize,
                      precision: precision)
    }

    public var dimensions: Int { encoder.dimensions }

    /// The vectors of `texts`, computed off the cooperative pool (``Offload``).
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await Offload.run { [encoder, batchSize] in encoder.encode(texts, batchSize: batchSize) }
    }
}
