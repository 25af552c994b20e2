import Foundation
import Store

/// An index file opened for queries: the store plus the in-memory retrieval structures
/// built from it.
public struct QuarryIndex: Sendable {
    public let store: QuarryStore
    public let settings: IndexSettings
    public let retriever: any Retriever

    /// Opens the index file at `url`; it must exist.
    public static func open(_ url: URL) throws -> QuarryIndex {
        let store = try QuarryStore(url: url, create: false)
        let settings = try IndexMetadata.settings(of: store)
        let retriever = try BM25Retriever.load(from: store, parameters: settings.bm25)
        return QuarryIndex(store: store, settings: settings, retriever: retriever)
    }
}
