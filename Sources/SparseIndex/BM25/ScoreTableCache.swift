import Synchronization

/// Holds the ``ScoreTable`` of one version of a ``BM25Index``, built on first use.
///
/// Every mutation of the index replaces its cache with a fresh one, so copies of an
/// index never share a table that doesn't match their postings; concurrent
/// searches on the same version share one table, built once under the lock.
final class ScoreTableCache: Sendable {
    private let table = Mutex<ScoreTable?>(nil)

    /// The table, built with `build` if this is the first request.
    func table(orBuild build: () -> ScoreTable) -> ScoreTable {
        table.withLock { cached in
            if let cached { return cached }
            let built = build()
            cached = built
            return built
        }
    }
}
