import Foundation
import GRDB

/// Writing one many-document source (a BEIR or JSONL corpus) in batches of documents,
/// each its own transaction, so a crash loses at most the batch in flight.
///
/// While batches are still coming, the source's `sha256` holds
/// ``partialMarker(for:)`` of the file's hash; the last batch sets the real hash. A
/// rerun over the same file and settings finds the marker, counts the documents already
/// written, and appends from there. Readers see every committed document, each whole.
extension QuarryStore {
    /// The `sha256` a source carries while its batches are being written.
    public static func partialMarker(for sha256: String) -> String {
        "partial:" + sha256
    }

    /// How many documents the source at `path` holds, if it is in the index.
    public func documentCount(ofSource path: String) throws -> Int? {
        try reading { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [path]) else {
                return nil
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE source_id = ?", arguments: [id]) ?? 0
        }
    }

    /// Appends `documents` to the source at `path` in one transaction; when `complete`
    /// is given, also sets the source's hash to it (the last batch). Returns the chunk
    /// ids written.
    @discardableResult
    public func append(_ documents: [NewDocument], toSource path: String, complete sha256: String? = nil) throws -> [Int64] {
        try writing { db in
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [path]) else {
                throw StoreFailure.corrupt(path: url.path, "no source \(path) to append documents to")
            }
            let chunkIDs = try Self.insert(documents, sourceID: sourceID, in: db)
            if let sha256 {
                try db.execute(sql: "UPDATE sources SET sha256 = ?, indexed_at = ? WHERE id = ?",
                               arguments: [sha256, Date().timeIntervalSince1970, sourceID])
            }
            try IndexChanges.record(in: db, path: url.path, added: chunkIDs)
            return chunkIDs
        }
    }

    /// Inserts documents with their chunks, analysed terms (``ChunkTermsCoding``),
    /// vectors and stored surprisal under `sourceID` (what `replace` and `append` both
    /// write).
    static func insert(_ documents: [NewDocument], sourceID: Int64, in db: Database) throws -> [Int64] {
        var chunkIDs: [Int64] = []
        let insertDocument = try db.cachedStatement(
            sql: "INSERT INTO documents (source_id, external_id, title, bytes) VALUES (?, ?, ?, ?)"
        )
        let insertChunk = try db.cachedStatement(
            sql: """
                INSERT INTO chunks (document_id, ordinal, byte_start, byte_end, text, token_count, term_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        let insertTerms = try db.cachedStatement(sql: "INSERT INTO chunk_terms (chunk_id, terms) VALUES (?, ?)")
        let insertVector = try db.cachedStatement(sql: "INSERT INTO vectors (chunk_id, vector) VALUES (?, ?)")
        let insertSurprisal = try db.cachedStatement(
            sql: "INSERT INTO surprisal (chunk_id, token_starts, nats) VALUES (?, ?, ?)"
        )
        for document in documents {
            try insertDocument.execute(arguments: [sourceID, document.externalID, document.title, document.byteCount])
            let documentID = db.lastInsertedRowID
            for (ordinal, chunk) in document.chunks.enumerated() {
                try insertChunk.execute(arguments: [
                    documentID, ordinal, chunk.byteStart, chunk.byteEnd, chunk.text, chunk.tokenCount, chunk.termCount,
                ])
                let chunkID = db.lastInsertedRowID
                if !chunk.termFrequencies.isEmpty {
                    try insertTerms.execute(arguments: [chunkID, ChunkTermsCoding.encode(chunk.termFrequencies)])
                }
                if let vector = chunk.vector {
                    try insertVector.execute(arguments: [chunkID, VectorBlob.encode(vector)])
                }
                if let surprisal = chunk.surprisal {
                    let coded = SurprisalCoding.encode(surprisal)
                    try insertSurprisal.execute(arguments: [chunkID, coded.starts, coded.nats])
                }
                chunkIDs.append(chunkID)
            }
        }
        return chunkIDs
    }
}
