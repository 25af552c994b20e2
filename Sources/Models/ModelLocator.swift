import Foundation

/// Finds Quarry's embedded models in the model cache: `$QUARRY_MODELS` when set, else
/// `${XDG_CACHE_HOME:-~/.cache}/quarry/models`. `Deploy/fetch-models.sh` fills it.
public struct ModelLocator: Sendable {
    /// The cache folder.
    public let cacheDirectory: String

    /// Resolves the cache folder from `environment` (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["QUARRY_MODELS"], !explicit.isEmpty {
            cacheDirectory = explicit
        } else {
            let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache")
            cacheDirectory = base + "/quarry/models"
        }
    }

    /// The default embedder's folder (all-MiniLM-L6-v2, a sentence-transformers layout).
    public var embedderFolder: String { cacheDirectory + "/all-minilm-l6-v2" }

    /// The default decoder's file (SmolLM2-135M-Instruct, Q4_1 GGUF).
    public var decoderFile: String { cacheDirectory + "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf" }

    /// The embedder folder, after checking its weights, vocabulary and config are present.
    public func requireEmbedderFolder() throws -> String {
        for name in ["model.safetensors", "vocab.txt", "config.json"] {
            try requireFile(embedderFolder + "/" + name)
        }
        return embedderFolder
    }

    /// The decoder file, after checking it is present.
    public func requireDecoderFile() throws -> String {
        try requireFile(decoderFile)
        return decoderFile
    }

    private func requireFile(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError("model file \(path) is missing: run Deploy/fetch-models.sh (it downloads and verifies the models; set QUARRY_MODELS to use another cache folder)")
        }
    }
}
