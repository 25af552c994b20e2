import DenseIndex
import Foundation
import SparseIndex
import Store

/// Builds the retrieval state of an index a shared store holds (PostgreSQL, several
/// nodes on one database) through its asynchronous snapshot, and keeps it current from
/// the change log. A shared store holds no retrieval state of any node's: no sealed BM25
/// segments, no sealed dense lists. An open reads every chunk's term counts into
/// in-memory BM25 segments, every chunk's text and place (so a node answers from its
/// own state while the database is away) and every dense code (or, for a flat index,
/// every vector) into the dense index; a refresh replays the chunks written and removed
/// since, as ``IndexState/refreshed(to:storage:parameters:withDense:)`` does for a file.
enum SharedIndexLoading {
    /// Chunks whose term counts or vectors are read per statement.
    private static let batch = 5_000

    /// The state at `snapshot`'s generation; `dense`, the stored dense-index parameters
    /// when the state should hold the dense index (the caller has read them already).
    static func load(
        from snapshot: any IndexSnapshot, parameters: BM25Parameters, dense stored: DenseParameters?
    ) async throws -> IndexState {
        var state = IndexState(
            generation: try await snapshot.generation(), bm25: BM25Index(parameters: parameters), sealedGeneration: 0,
            dense: try await loadDense(stored, from: snapshot)
        )
        try await add(try await snapshot.chunkIDs(), from: snapshot, to: &state)
        return state
    }

    /// `state` brought to `snapshot`'s generation: the logged changes replayed when the
    /// log reaches back to `state`'s generation, everything read again otherwise.
    static func refreshed(
        _ state: IndexState, to snapshot: any IndexSnapshot, parameters: BM25Parameters, withDense: Bool
    ) async throws -> IndexState {
        let target = try await snapshot.generation()
        guard target.generation != state.generation.generation else { return state }
        guard target.logStart <= state.generation.generation + 1, state.generation.generation < target.generation else {
            return try await load(
                from: snapshot, parameters: parameters, dense: withDense ? try await snapshot.denseParameters() : nil
            )
        }
        let changes = try await snapshot.changes(since: state.generation.generation)
        var next = state
        next.generation = target
        next.bm25.remove(ids: changes.removed)
        for id in changes.removed { next.chunks[id] = nil }
        try await add(changes.added, from: snapshot, to: &next)
        if withDense {
            if target.denseGeneration != state.generation.denseGeneration || next.dense == nil {
                next.dense = try await loadDense(try await snapshot.denseParameters(), from: snapshot)
            } else if var dense = next.dense {
                dense.remove(ids: Set(changes.removed))
                try DenseLoading.add(try await snapshot.vectorBlobs(paging: changes.added, by: batch), to: &dense)
                next.dense = dense
            }
        }
        return next
    }

    /// The dense index trained with `stored`, with every embedded chunk of `snapshot` in
    /// it (stored codes, then the vectors not encoded yet); nil without parameters.
    private static func loadDense(_ stored: DenseParameters?, from snapshot: any IndexSnapshot) async throws -> (any VectorIndex)? {
        guard let stored else { return nil }
        var index = try IndexLoader.load(parameters: stored.parameters)
        let quantized = index.spec.structure != .flat
        if quantized {
            let codes = try await snapshot.denseCodes()
            var bytes: [UInt8] = []
            bytes.reserveCapacity(codes.count * (codes.first?.code.count ?? 0))
            for code in codes { bytes += code.code }
            try index.insert(ids: codes.map(\.chunkID), lists: codes.map(\.list), codes: bytes)
        }
        let pending = try await snapshot.vectorBlobs(ids: nil, withoutCodes: quantized)
        try DenseLoading.add(pending.map { (chunkID: $0.chunkID, blob: $0.blob) }, to: &index)
        return index
    }

    /// Reads the chunks of `ids` into `state`'s BM25 index (as one segment per batch)
    /// and its chunks, a batch at a time, so an open holds one batch's term counts at
    /// once, not every chunk's.
    private static func add(_ ids: [Int64], from snapshot: any IndexSnapshot, to state: inout IndexState) async throws {
        state.chunks.reserveCapacity(state.chunks.count + ids.count)
        for start in stride(from: 0, to: ids.count, by: batch) {
            let page = Array(ids[start..<min(start + batch, ids.count)])
            state.bm25.add(try await snapshot.termCounts(ids: page).map(document))
            for chunk in try await snapshot.chunks(ids: page) { state.chunks[chunk.id] = chunk }
        }
    }

    private static func document(_ postings: ChunkPostings) -> BM25Document {
        BM25Document(id: postings.chunkID, length: postings.termCount, frequencies: postings.frequencies)
    }
}
