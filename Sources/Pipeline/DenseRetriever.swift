import DenseIndex
import Embedding
import Foundation
import SparseIndex
import Store

/// Dense retrieval: the question's embedding searched in the index's vector index
/// (Flat, or IVF-PQ with exact re-scoring of a shortlist read from SQLite).
public struct DenseRetriever: Retriever {
    public let index: any VectorIndex
    public let embedder: any Embedder
    private let source: SQLiteVectorSource

    /// Loads the dense index of `store`; nil when the index has no embeddings.
    public static func load(from store: QuarryStore, embedder: any Embedder) throws -> DenseRetriever? {
        guard let stored = try store.denseParameters() else { return nil }
        if let model = try store.meta(IndexMetadata.embedderKey), model != IndexMetadata.embedderName(embedder) {
            throw PipelineError(
                "\(store.url.path) was embedded with \(model), but this Quarry has \(IndexMetadata.embedderName(embedder)); "
                    + "re-index into a new --index file"
            )
        }
        var index = try IndexLoader.load(parameters: stored.parameters)
        if index.spec.structure == .flat {
            try index.insert(try store.vectorBlobs().map { IndexEntry(id: $0.chunkID, list: 0, code: [UInt8]($0.blob)) })
        } else {
            try index.insert(try store.denseCodes().map { IndexEntry(id: $0.chunkID, list: $0.list, code: [UInt8]($0.code)) })
        }
        return DenseRetriever(index: index, embedder: embedder, source: SQLiteVectorSource(store: store))
    }

    public func retrieve(_ question: String, k: Int) throws -> [ScoredID] {
        guard index.count > 0, let query = try embedder.embed([question]).first else { return [] }
        let neighbors = index.spec.refineFactor == nil
            ? try index.search(query: query, k: k)
            : try index.search(query: query, k: k, refiningWith: source)
        return neighbors.map { ScoredID(id: $0.id, score: $0.score) }
    }
}
