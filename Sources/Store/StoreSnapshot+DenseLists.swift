import Foundation
import GRDB

/// Reads of the sealed dense lists (``DenseSeal``) and of the codes replayed on them.
extension StoreSnapshot {
    /// Chunk ids per statement when codes are read by id (under SQLite's variable limit).
    static let codeBatch = 5_000

    /// The seal of `dense_lists`, nil when nothing is sealed.
    public func denseSeal() throws -> DenseSeal? {
        try Row.fetchOne(db, sql: "SELECT generation, dense_generation, entries FROM dense_seal WHERE id = 1").map {
            DenseSeal(generation: $0[0], denseGeneration: $0[1], entries: $0[2])
        }
    }

    /// Calls `body` with each sealed list's ids and codes, without copying them: the
    /// bytes are valid only during the call.
    public func forEachSealedDenseList(
        _ body: (_ list: Int32, _ ids: [Int64], _ codes: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT list, ids, codes FROM dense_lists ORDER BY list")
        while let row = try cursor.next() {
            let list: Int32 = row[0]
            let ids = try row.withUnsafeData(atIndex: 1) { data -> [Int64] in
                guard let data, data.count % 8 == 0 else {
                    throw StoreFailure.corrupt(path: path, "sealed dense list \(list) has an id blob that is not whole int64s")
                }
                return data.withUnsafeBytes { raw in
                    (0 ..< raw.count / 8).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
                }
            }
            try row.withUnsafeData(atIndex: 2) { codes in
                guard let codes else { throw StoreFailure.corrupt(path: path, "sealed dense list \(list) has no codes") }
                try codes.withUnsafeBytes { try body(list, ids, $0) }
            }
        }
    }

    /// The stored codes of the chunks with `ids` that have one, by chunk id.
    public func denseCodes(ids: [Int64]) throws -> [DenseCode] {
        var result: [DenseCode] = []
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start ..< min(start + Self.codeBatch, ids.count)])
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT chunk_id, list, code FROM dense_codes WHERE chunk_id IN (\(Self.placeholders(batch.count))) ORDER BY chunk_id",
                arguments: StatementArguments(batch)
            )
            while let row = try cursor.next() {
                result.append(DenseCode(chunkID: row[0], list: row[1], code: row[2]))
            }
            start += Self.codeBatch
        }
        return result
    }
}
