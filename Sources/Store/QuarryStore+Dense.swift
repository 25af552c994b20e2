import Foundation
import GRDB

/// The dense part of an index file: embeddings, the trained index parameters and the
/// per-chunk codes.
extension QuarryStore {
    /// How many chunks have an embedding.
    public func vectorCount() throws -> Int {
        try read { try $0.vectorCount() }
    }

    /// Every stored code, ordered by chunk id.
    public func denseCodes() throws -> [DenseCode] {
        try read { try $0.denseCodes() }
    }

    /// Reads and rewrites the dense index in one write transaction, so two indexers
    /// cannot interleave a read of the vectors with another's write of the codes.
    public func updateDenseIndex<T>(_ body: (DenseIndexTransaction) throws -> T) throws -> T {
        try writing { db in try body(DenseIndexTransaction(db: db, path: url.path)) }
    }
}

/// The dense index of an index file inside one write transaction
/// (``QuarryStore/updateDenseIndex(_:)``): reads see the transaction's own writes.
public struct DenseIndexTransaction: @unchecked Sendable {
    // @unchecked: the Database is used only on the thread running the transaction.
    let db: Database
    /// Reads inside the transaction.
    public var snapshot: StoreSnapshot { StoreSnapshot(db: db, path: path) }
    let path: String

    /// Replaces the dense index wholesale (after training).
    public func replace(parameters: Data, trainedCount: Int, codes: [DenseCode]) throws {
        try dropSeal()
        try db.execute(sql: "DELETE FROM dense_codes")
        try db.execute(
            sql: "INSERT OR REPLACE INTO dense_index (id, parameters, trained_count) VALUES (1, ?, ?)",
            arguments: [parameters, trainedCount]
        )
        try insert(codes)
        try IndexChanges.record(in: db, path: path, denseRetrained: true)
    }

    /// Adds codes for newly embedded chunks.
    public func add(_ codes: [DenseCode]) throws {
        guard !codes.isEmpty else { return }
        try insert(codes)
        try IndexChanges.record(in: db, path: path)
    }

    /// Drops the dense index (its vectors stay).
    public func clear() throws {
        guard try snapshot.denseParameters() != nil else { return }
        try dropSeal()
        try db.execute(sql: "DELETE FROM dense_codes")
        try db.execute(sql: "DELETE FROM dense_index")
        try IndexChanges.record(in: db, path: path, denseRetrained: true)
    }

    /// Writes every code, grouped by inverted list, as one blob per list and records the
    /// seal at this transaction's generation (``DenseSeal``). Only when every vector has
    /// its code: a chunk encoded after the seal but written before it would not be in the
    /// change log an open replays.
    /// - Returns: the seal, or nil when some vectors are not encoded yet.
    @discardableResult
    public func seal() throws -> DenseSeal? {
        let snapshot = snapshot
        guard try snapshot.vectorCount() == snapshot.denseCodeCount() else { return nil }
        var ids: [Int32: [Int64]] = [:]
        var codes: [Int32: [UInt8]] = [:]
        var entries = 0
        try snapshot.forEachDenseCode { id, list, code in
            ids[list, default: []].append(id)
            codes[list, default: []].append(contentsOf: code)
            entries += 1
        }
        try db.execute(sql: "DELETE FROM dense_lists")
        let statement = try db.cachedStatement(sql: "INSERT INTO dense_lists (list, ids, codes) VALUES (?, ?, ?)")
        for (list, listIDs) in ids.sorted(by: { $0.key < $1.key }) {
            let idBlob = listIDs.map(\.littleEndian).withUnsafeBytes { Data($0) }
            try statement.execute(arguments: [list, idBlob, Data(codes[list] ?? [])])
        }
        let generation = try snapshot.generation()
        let seal = DenseSeal(generation: generation.generation, denseGeneration: generation.denseGeneration, entries: entries)
        try db.execute(
            sql: "INSERT OR REPLACE INTO dense_seal (id, generation, dense_generation, entries) VALUES (1, ?, ?, ?)",
            arguments: [seal.generation, seal.denseGeneration, seal.entries]
        )
        return seal
    }

    private func dropSeal() throws {
        try db.execute(sql: "DELETE FROM dense_seal")
        try db.execute(sql: "DELETE FROM dense_lists")
    }

    private func insert(_ codes: [DenseCode]) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO dense_codes (chunk_id, list, code) VALUES (?, ?, ?)"
        )
        for code in codes {
            try statement.execute(arguments: [code.chunkID, code.list, code.code])
        }
    }
}
