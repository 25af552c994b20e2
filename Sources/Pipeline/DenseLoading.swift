import DenseIndex
import Foundation
import Store

/// Opens an index file's dense index: the trained parameters, then the codes, read as
/// one blob per inverted list from the seal (``DenseSeal``) with the chunks written and
/// removed since replayed from the change log, or row by row from `dense_codes` when no
/// usable seal exists (a file from before seals, a retrain since, a log that no longer
/// reaches back). Chunks embedded but not encoded yet are encoded from their vectors.
/// ``DenseIndexMaintainer`` writes the seal.
enum DenseLoading {
    /// The dense index stored in `snapshot`, with every embedded chunk in it; nil when
    /// the index has none.
    static func load(from snapshot: StoreSnapshot) throws -> (any VectorIndex)? {
        guard let stored = try snapshot.denseParameters() else { return nil }
        var index = try IndexLoader.load(parameters: stored.parameters)
        let quantized = index.spec.structure != .flat
        if quantized {
            let generation = try snapshot.generation()
            if let seal = try snapshot.denseSeal(), seal.isUsable(at: generation),
               let sealed = try fromSeal(seal, snapshot: snapshot, parameters: stored.parameters) {
                index = sealed
            } else {
                try insertRows(from: snapshot, into: &index)
            }
        }
        try add(try snapshot.vectorBlobs(withoutCodes: quantized), to: &index)
        return index
    }

    /// The sealed lists with the change log since the seal replayed on them; nil when
    /// the result does not hold exactly the stored codes (then the rows are read).
    private static func fromSeal(_ seal: DenseSeal, snapshot: StoreSnapshot, parameters: Data) throws -> (any VectorIndex)? {
        var index = try IndexLoader.load(parameters: parameters)
        var ids: [Int64] = [], lists: [Int32] = [], codes: [UInt8] = []
        ids.reserveCapacity(seal.entries)
        lists.reserveCapacity(seal.entries)
        try snapshot.forEachSealedDenseList { list, listIDs, listCodes in
            ids += listIDs
            lists += repeatElement(list, count: listIDs.count)
            codes += listCodes
        }
        try index.insert(ids: ids, lists: lists, codes: codes)
        let changes = try snapshot.changes(since: seal.generation)
        index.remove(ids: Set(changes.removed))
        let added = try snapshot.denseCodes(ids: changes.added)
        try index.insert(ids: added.map(\.chunkID), lists: added.map(\.list), codes: added.flatMap { [UInt8]($0.code) })
        return index.count == (try snapshot.denseCodeCount()) ? index : nil
    }

    /// Every row of `dense_codes`, read as three columns: an entry per code would
    /// allocate a million arrays.
    private static func insertRows(from snapshot: StoreSnapshot, into index: inout any VectorIndex) throws {
        var ids: [Int64] = [], lists: [Int32] = [], codes: [UInt8] = []
        try snapshot.forEachDenseCode { id, list, code in
            ids.append(id)
            lists.append(list)
            codes.append(contentsOf: code)
        }
        try index.insert(ids: ids, lists: lists, codes: codes)
    }

    /// Adds embedded chunks to `index`: raw vectors for a flat index, encoded by the
    /// trained quantizers otherwise.
    static func add(_ blobs: [(chunkID: Int64, blob: Data)], to index: inout any VectorIndex) throws {
        guard !blobs.isEmpty else { return }
        if index.spec.structure == .flat {
            try index.insert(blobs.map { IndexEntry(id: $0.chunkID, list: 0, code: [UInt8]($0.blob)) })
        } else {
            let (ids, matrix) = try DenseIndexMaintainer.matrix(blobs, dimension: index.dimension)
            try index.add(ids: ids, vectors: matrix)
        }
    }
}
