import Foundation
import Pipeline
import Store

/// The index's size for `/healthz`, `/readyz` and `/metrics`, counted again only when the
/// file's generation has moved: a health probe every second costs one cached
/// generation read, not a count over every chunk.
final class IndexSizeCache: @unchecked Sendable {
    // @unchecked: `cached` is only read and written under `lock`.
    private let store: QuarryStore
    private let lock = NSLock()
    private var cached: IndexSize?

    init(store: QuarryStore) {
        self.store = store
    }

    func current() throws -> IndexSize {
        let generation = try store.generationNumber()
        if let cached = lock.withLock({ cached }), cached.generation == generation { return cached }
        let size = try store.size()
        lock.withLock { cached = size }
        return size
    }
}
