import DenseIndex
import Foundation
import QuarryCore
import SparseIndex
import Store

/// The retrieval structures of an index file at one write generation: the BM25 index
/// (its sealed segments' postings read from the file per query, see ``BM25Loading``)
/// and the dense index. A value: a query keeps the state it started with while a
/// refresh builds the next one (a new BM25 segment for the chunks added, deletions
/// marked in the old ones: work proportional to the writes replayed).
struct IndexState: Sendable {
    var generation: IndexGeneration
    var bm25: BM25Index
    /// The generation `bm25`'s stored segments were sealed at when it was opened.
    var sealedGeneration: Int64
    /// Nil when the index has no trained dense index.
    var dense: (any VectorIndex)?
    /// Every chunk of a shared store, held by each node so that it answers while the
    /// database is away (``SharedIndexLoading``); empty for an index file, whose chunks
    /// are read per query.
    var chunks: [Int64: StoredChunk] = [:]

    /// Builds the state from `snapshot` of `storage`'s store.
    static func load(
        from snapshot: StoreSnapshot, storage: SQLiteSegmentStorage, parameters: BM25Parameters, withDense: Bool
    ) throws -> IndexState {
        let (bm25, sealed) = try BM25Loading.load(from: snapshot, storage: storage, parameters: parameters)
        return IndexState(
            generation: try snapshot.generation(), bm25: bm25, sealedGeneration: sealed,
            dense: withDense ? try DenseLoading.load(from: snapshot) : nil
        )
    }

    /// The state at `snapshot`'s generation, from this one: replays the logged chunk
    /// changes when it can, reloads otherwise.
    func refreshed(
        to snapshot: StoreSnapshot, storage: SQLiteSegmentStorage, parameters: BM25Parameters, withDense: Bool
    ) throws -> IndexState {
        let target = try snapshot.generation()
        guard target.generation != generation.generation else { return self }
        guard target.logStart <= generation.generation else {
            return try Self.load(from: snapshot, storage: storage, parameters: parameters, withDense: withDense)
        }
        let changes = try snapshot.changes(since: generation.generation)
        var next = self
        next.generation = target
        try BM25Loading.replay(changes, from: snapshot, into: &next.bm25)
        if withDense {
            if target.denseGeneration != generation.denseGeneration || next.dense == nil {
                next.dense = try DenseLoading.load(from: snapshot)
            } else if var dense = next.dense {
                dense.remove(ids: Set(changes.removed))
                try DenseLoading.add(try snapshot.vectorBlobs(ids: changes.added), to: &dense)
                next.dense = dense
            }
        }
        return next
    }
}
