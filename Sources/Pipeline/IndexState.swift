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

    /// Builds the state from `snapshot` of `storage`'s store.
    static func load(
        from snapshot: StoreSnapshot, storage: SQLiteSegmentStorage, parameters: BM25Parameters, withDense: Bool
    ) throws -> IndexState {
        let (bm25, sealed) = try BM25Loading.load(from: snapshot, storage: storage, parameters: parameters)
        return IndexState(
            generation: try snapshot.generation(), bm25: bm25, sealedGeneration: sealed,
            dense: withDense ? try loadDense(from: snapshot) : nil
        )
    }

    /// The dense index stored in `snapshot`, with every embedded chunk in it: chunks
    /// embedded after the last encoding pass are encoded here from their vectors.
    static func loadDense(from snapshot: StoreSnapshot) throws -> (any VectorIndex)? {
        guard let stored = try snapshot.denseParameters() else { return nil }
        var index = try IndexLoader.load(parameters: stored.parameters)
        let quantized = index.spec.structure != .flat
        if quantized {
            try index.insert(try snapshot.denseCodes().map { IndexEntry(id: $0.chunkID, list: $0.list, code: [UInt8]($0.code)) })
        }
        try add(try snapshot.vectorBlobs(withoutCodes: quantized), to: &index)
        return index
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
                next.dense = try Self.loadDense(from: snapshot)
            } else if var dense = next.dense {
                dense.remove(ids: Set(changes.removed))
                try Self.add(try snapshot.vectorBlobs(ids: changes.added), to: &dense)
                next.dense = dense
            }
        }
        return next
    }

    /// Adds embedded chunks to `index`: raw vectors for a flat index, encoded by the
    /// trained quantizers otherwise.
    private static func add(_ blobs: [(chunkID: Int64, blob: Data)], to index: inout any VectorIndex) throws {
        guard !blobs.isEmpty else { return }
        if index.spec.structure == .flat {
            try index.insert(blobs.map { IndexEntry(id: $0.chunkID, list: 0, code: [UInt8]($0.blob)) })
        } else {
            let (ids, matrix) = try DenseIndexMaintainer.matrix(blobs, dimension: index.dimension)
            try index.add(ids: ids, vectors: matrix)
        }
    }
}
