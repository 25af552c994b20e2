import Embedding
import Foundation
import Store

/// An index file opened for queries: the store plus the in-memory retrieval structures
/// built from it.
public struct QuarryIndex: Sendable {
    public let store: QuarryStore
    public let settings: IndexSettings
    public let retriever: any Retriever
    /// Which retriever `retriever` is.
    public let kind: RetrieverKind

    /// Opens the index file at `url`; it must exist. `kind` nil picks hybrid when the
    /// index has embeddings (and `embedder` is given), else BM25.
    public static func open(
        _ url: URL, kind: RetrieverKind? = nil, embedder: (any Embedder)? = nil,
        fusion: HybridRetriever.Fusion = .convex
    ) throws -> QuarryIndex {
        let store = try QuarryStore(url: url, create: false)
        let settings = try IndexMetadata.settings(of: store)
        let sparse = try BM25Retriever.load(from: store, parameters: settings.bm25)
        let bm25 = QuarryIndex(store: store, settings: settings, retriever: sparse, kind: .bm25)
        if kind == .bm25 { return bm25 }
        guard let embedder, let dense = try DenseRetriever.load(from: store, embedder: embedder) else {
            guard let kind else { return bm25 }
            throw PipelineError(
                "\(url.path) has no embeddings for --retriever \(kind.rawValue); index it with --embedder local, or use --retriever bm25"
            )
        }
        let wanted = kind ?? .hybrid
        let retriever: any Retriever = wanted == .dense ? dense : HybridRetriever(sparse: sparse, dense: dense, fusion: fusion)
        return QuarryIndex(store: store, settings: settings, retriever: retriever, kind: wanted)
    }
}
