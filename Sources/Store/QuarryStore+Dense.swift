import Foundation
import GRDB

/// The dense part of an index file: embeddings, the trained index parameters and the
/// per-chunk codes.
extension QuarryStore {
    /// How many chunks have an embedding.
    public func vectorCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vectors") ?? 0 }
    }

    /// The embedding of each chunk in `ids`, in that order; throws when one is missing.
    public func vectors(for ids: [Int64]) throws -> [[Float]] {
        guard !ids.isEmpty else { return [] }
        let found: [Int64: [Float]] = try pool.read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            var result: [Int64: [Float]] = [:]
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT chunk_id, vector FROM vectors WHERE chunk_id IN (\(placeholders))",
                arguments: StatementArguments(ids)
            )
            while let row = try cursor.next() {
                result[row[0]] = VectorBlob.decode(row[1])
            }
            return result
        }
        return try ids.map { id in
            guard let vector = found[id] else {
                throw StoreError(path: url.path, reason: "chunk \(id) has no stored vector; re-index with an embedder")
            }
            return vector
        }
    }

    /// Every stored embedding as raw blobs, ordered by chunk id; `withoutCodes` keeps
    /// only the chunks the dense index has not encoded yet.
    public func vectorBlobs(withoutCodes: Bool = false) throws -> [(chunkID: Int64, blob: Data)] {
        try pool.read { db in
            let sql = withoutCodes
                ? "SELECT v.chunk_id, v.vector FROM vectors v LEFT JOIN dense_codes c ON c.chunk_id = v.chunk_id WHERE c.chunk_id IS NULL ORDER BY v.chunk_id"
                : "SELECT chunk_id, vector FROM vectors ORDER BY chunk_id"
            var result: [(chunkID: Int64, blob: Data)] = []
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() {
                result.append((row[0], row[1]))
            }
            return result
        }
    }

    /// The trained dense-index parameters and how many vectors they were trained on.
    public func denseParameters() throws -> (parameters: Data, trainedCount: Int)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT parameters, trained_count FROM dense_index WHERE id = 1")
                .map { ($0[0], $0[1]) }
        }
    }

    /// Every stored code, ordered by chunk id.
    public func denseCodes() throws -> [DenseCode] {
        try pool.read { db in
            var result: [DenseCode] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT chunk_id, list, code FROM dense_codes ORDER BY chunk_id")
            while let row = try cursor.next() {
                result.append(DenseCode(chunkID: row[0], list: row[1], code: row[2]))
            }
            return result
        }
    }

    /// Replaces the dense index wholesale (after training), in one transaction.
    public func replaceDenseIndex(parameters: Data, trainedCount: Int, codes: [DenseCode]) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dense_codes")
            try db.execute(
                sql: "INSERT OR REPLACE INTO dense_index (id, parameters, trained_count) VALUES (1, ?, ?)",
                arguments: [parameters, trainedCount]
            )
            try Self.insert(codes, into: db)
        }
    }

    /// Adds codes for newly embedded chunks, in one transaction.
    public func addDenseCodes(_ codes: [DenseCode]) throws {
        try pool.write { db in try Self.insert(codes, into: db) }
    }

    /// Drops the dense index (its vectors stay).
    public func clearDenseIndex() throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dense_codes")
            try db.execute(sql: "DELETE FROM dense_index")
        }
    }

    private static func insert(_ codes: [DenseCode], into db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO dense_codes (chunk_id, list, code) VALUES (?, ?, ?)"
        )
        for code in codes {
            try statement.execute(arguments: [code.chunkID, code.list, code.code])
        }
    }
}
