import Foundation
import GRDB

extension StoreSnapshot {
    /// The ids of every chunk with an embedding, ascending (8 bytes each: what a training
    /// sample is drawn from without reading the vectors).
    public func vectorChunkIDs() throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT chunk_id FROM vectors INDEXED BY vectors_chunk_ids ORDER BY chunk_id")
    }

    /// Up to `limit` stored embeddings with chunk ids above `after`, ascending: one page
    /// of a pass over every vector that holds a page, not the collection, in memory.
    public func vectorBlobs(after: Int64, limit: Int) throws -> [(chunkID: Int64, blob: Data)] {
        var result: [(chunkID: Int64, blob: Data)] = []
        result.reserveCapacity(limit)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT chunk_id, vector FROM vectors WHERE chunk_id > ? ORDER BY chunk_id LIMIT ?",
            arguments: [after, limit]
        )
        while let row = try cursor.next() {
            result.append((row[0], row[1]))
        }
        return result
    }
}
