import Pipeline
import QuarryCore
import Store
import Synchronization

/// The index's size for `/healthz`, `/readyz` and `/metrics`, counted again only when the
/// index's generation has moved: a health probe every second costs one generation read
/// (a cached statement on a file, off the cooperative pool), not a count over every chunk.
final class IndexSizeCache: Sendable {
    private let store: any IndexStore
    private let cached = Mutex<IndexSize?>(nil)

    init(store: any IndexStore) {
        self.store = store
    }

    func current() async throws -> IndexSize {
        let generation: Int64
        if let file = store as? QuarryStore {
            generation = try await Offload.run { try file.generationNumber() }
        } else {
            generation = try await store.currentGeneration().generation
        }
        if let known = cached.withLock({ $0 }), known.generation == generation { return known }
        let size = try await store.size()
        cached.withLock { $0 = size }
        return size
    }

    /// ``current()``, or, when `fallingBack` and the store cannot be reached, the size
    /// last counted (nil if none was): a node of a shared store out of reach still
    /// answers from its state, and its metrics go on saying what that holds.
    func current(orLastKnownWhenUnreachable fallingBack: Bool) async throws -> IndexSize? {
        do {
            return try await current()
        } catch let error as QuarryError where error.kind == .unavailable && fallingBack {
            return cached.withLock { $0 }
        }
    }
}
