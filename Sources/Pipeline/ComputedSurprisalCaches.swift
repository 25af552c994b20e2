import Compression
import Foundation
import Synchronization

/// Surprisal computed for chunks stored without it, one cache per index: chunk ids
/// are only unique within one index, and two indexes opened in one process (a server's,
/// an evaluation's) can both have a chunk 7, so a cache keyed by chunk id alone would
/// hand one index's scores to the other's chunk.
public final class ComputedSurprisalCaches: Sendable {
    /// Chunks held per index.
    public let capacity: Int
    /// Indexes held; the least recently asked for goes first past it.
    public let indexes: Int
    private let caches = Mutex<[(key: String, cache: InMemorySurprisalSource)]>([])

    /// Holds up to `capacity` chunks for each of up to `indexes` indexes.
    public init(capacity: Int, indexes: Int = 8) {
        self.capacity = capacity
        self.indexes = indexes
    }

    /// The cache of the index file at `url` (its standardised path names it).
    public func cache(for url: URL) -> InMemorySurprisalSource {
        cache(for: url.standardizedFileURL.path)
    }

    /// The cache of the index named `key` (``QuarryIndex/identity``: a file's
    /// standardised path, a database's URL).
    public func cache(for key: String) -> InMemorySurprisalSource {
        caches.withLock { list in
            if let found = list.firstIndex(where: { $0.key == key }) {
                let entry = list.remove(at: found)
                list.append(entry)
                return entry.cache
            }
            let cache = InMemorySurprisalSource(capacity: capacity)
            list.append((key, cache))
            if list.count > indexes { list.removeFirst(list.count - indexes) }
            return cache
        }
    }
}
