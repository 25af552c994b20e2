import Pipeline
import Store
import Synchronization

/// The index's size for `/healthz`, `/readyz` and `/metrics`, counted again only when the
/// file's generation has moved: a health probe every second costs one cached
/// generation read, not a count over every chunk.
final class IndexSizeCache: Sendable {
    private let store: QuarryStore
    private let cached = Mutex<IndexSize?>(nil)

    init(store: QuarryStore) {
        self.store = store
    }

    func current() throws -> IndexSize {
        let generation = try store.generationNumber()
        if let known = cached.withLock({ $0 }), known.generation == generation { return known }
        let size = try store.size()
        cached.withLock { $0 = size }
        return size
    }
}
