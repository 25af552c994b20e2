import Models

/// Stands for an embedder whose model could not be loaded (missing, or a broken file):
/// a server keeps answering what needs no model (BM25 queries), and each request that
/// needs this one fails with the ``ModelError`` saying why, which the server answers
/// with 503 (and the path and reason in its log) instead of claiming the index has no
/// embeddings.
public struct UnavailableEmbedder: Embedder {
    /// Why the model could not be loaded.
    public let reason: ModelError
    public let modelName: String
    /// None: the model never loaded.
    public var dimensions: Int { 0 }

    /// An embedder for `modelName` that could not be loaded because of `error`.
    public init(modelName: String, error: any Error) {
        self.modelName = modelName
        reason = error as? ModelError ?? ModelError("the \(modelName) model could not be loaded: \(error)")
    }

    /// - Throws: ``reason``, always.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        throw reason
    }
}
