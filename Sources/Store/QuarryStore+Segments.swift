import Foundation
import GRDB

extension StoreSnapshot {
    /// The generation the stored BM25 segments are sealed at (0: none yet) and the segments.
    /// - Throws: an internal error naming the file as damaged when a segment's blobs
    ///   are not whole arrays of ids or lengths, or do not match.
    public func sealedSegments() throws -> (generation: Int64, segments: [SegmentRecord]) {
        let generation = try Int64.fetchOne(db, sql: "SELECT sealed_generation FROM bm25_state WHERE id = 1") ?? 0
        var segments: [SegmentRecord] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, document_ids, lengths, deleted FROM bm25_segments ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            guard let ids = LittleEndianBlob.values(row[1] as Data, as: Int64.self),
                  let lengths = LittleEndianBlob.values(row[2] as Data, as: Int32.self),
                  let deleted = LittleEndianBlob.values(row[3] as Data, as: Int32.self), ids.count == lengths.count
            else { throw StoreFailure.corrupt(path: path, "BM25 segment \(id) has malformed document blobs") }
            segments.append(SegmentRecord(id: id, chunkIDs: ids, lengths: lengths, deleted: deleted))
        }
        return (generation, segments)
    }
}

extension StoreSnapshot {
    /// The generation the stored BM25 segments are sealed at (0: none yet) and how many
    /// chunk additions were logged after it: what a seal would take in, counted
    /// without reading a posting.
    public func sealBacklog() throws -> (sealedGeneration: Int64, added: Int) {
        let generation = try Int64.fetchOne(db, sql: "SELECT sealed_generation FROM bm25_state WHERE id = 1") ?? 0
        let added = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM changes WHERE generation > ? AND added = 1", arguments: [generation]
        ) ?? 0
        return (generation, added)
    }
}

extension QuarryStore {
    /// The posting blobs of `terms` in stored segment `segment` (terms it lacks left
    /// out), read through SQLite's page cache without a transaction: a stored
    /// segment's rows never change; nil when a seal has dropped the segment. Inside a
    /// ``read(_:)`` on the same thread it reads through that snapshot's connection.
    public func segmentPostings(segment: Int64, terms: [String]) throws -> [String: [UInt8]]? {
        try translatingErrors { try pool.unsafeReentrantRead { db in
            let statement = try db.cachedStatement(
                sql: "SELECT postings FROM bm25_postings WHERE segment_id = ? AND term = ?"
            )
            var found: [String: [UInt8]] = [:]
            for term in terms {
                if let blob = try Data.fetchOne(statement, arguments: [segment, term]) { found[term] = [UInt8](blob) }
            }
            // Checked after the postings: a seal drops a segment's row and postings in
            // one transaction, so a segment still here was whole when they were read.
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM bm25_segments WHERE id = ?", arguments: [segment]) ?? false
            return exists ? found : nil
        } }
    }

    /// Seals the BM25 index in one transaction: unless the stored segments are no
    /// longer at `base` (another process sealed meanwhile; then nothing is written
    /// and the answer is false), drops the stored segments not in `deletions`, sets
    /// the deletions of the others, adds `segment` (its ids, lengths and one posting
    /// blob per term) and marks the segments sealed at `generation`. A kill at any
    /// point leaves the previous seal, which replays from its own generation.
    @discardableResult
    public func seal(
        base: Int64, generation: Int64, deletions: [Int64: [Int32]],
        segment: (chunkIDs: [Int64], lengths: [Int32], postings: [(term: String, blob: [UInt8])])?
    ) throws -> Bool {
        try writing { db in
            let current = try Int64.fetchOne(db, sql: "SELECT sealed_generation FROM bm25_state WHERE id = 1") ?? 0
            guard current == base else { return false }
            let stored = try Int64.fetchAll(db, sql: "SELECT id FROM bm25_segments")
            let update = try db.cachedStatement(sql: "UPDATE bm25_segments SET deleted = ? WHERE id = ?")
            for id in stored {
                if let deleted = deletions[id] {
                    try update.execute(arguments: [LittleEndianBlob.data(deleted), id])
                } else {
                    try db.execute(sql: "DELETE FROM bm25_postings WHERE segment_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM bm25_segments WHERE id = ?", arguments: [id])
                }
            }
            if let segment {
                try db.execute(
                    sql: "INSERT INTO bm25_segments (document_ids, lengths, deleted) VALUES (?, ?, ?)",
                    arguments: [LittleEndianBlob.data(segment.chunkIDs), LittleEndianBlob.data(segment.lengths), Data()]
                )
                let id = db.lastInsertedRowID
                let insert = try db.cachedStatement(sql: "INSERT INTO bm25_postings (segment_id, term, postings) VALUES (?, ?, ?)")
                for (term, blob) in segment.postings { try insert.execute(arguments: [id, term, Data(blob)]) }
            }
            try db.execute(sql: "UPDATE bm25_state SET sealed_generation = ? WHERE id = 1", arguments: [generation])
            return true
        }
    }
}
