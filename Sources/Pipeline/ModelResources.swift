import Foundation
import Models
import Synchronization

/// The models the query stages load on first use and then share across questions and
/// requests (the causal LM behind local generation, compression and likelihood
/// rewards). Thread-safe; a failed load is retried on the next call.
public final class ModelResources: Sendable {
    private let locator: ModelLocator
    private let loadedDecoder = Mutex<LlamaDecoder?>(nil)

    public init(locator: ModelLocator = ModelLocator()) {
        self.locator = locator
    }

    /// SmolLM2, loaded from the model cache the first time it is asked for (or the copy
    /// ingest's chunker already loaded: ``SharedDecoders``).
    /// - Throws: the locator's error (run Deploy/setup.sh) or the loader's.
    public func decoder() throws -> LlamaDecoder {
        try loadedDecoder.withLock { loaded in
            if let loaded { return loaded }
            let decoder = try SharedDecoders.shared.decoder(at: try locator.requireDecoderFile())
            loaded = decoder
            return decoder
        }
    }
}
