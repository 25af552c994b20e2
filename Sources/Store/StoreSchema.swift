import GRDB

/// The schema of an index file, one named migration per version.
///
/// Tables: `meta` (key/value settings), `sources` (one row per file on disk),
/// `documents` (one per document in a source: a BEIR JSONL file holds many),
/// `chunks` (text and byte range into the document's extracted text), `chunk_terms`
/// (each chunk's analysed terms and their frequencies, ``ChunkTermsCoding``), `vectors` (one
/// float32 embedding per chunk), `dense_codes` (each chunk's inverted list and PQ code)
/// and `dense_index` (the trained parameters blob). Deleting a source cascades to its
/// documents, chunks, terms, vectors and codes. `index_state` holds the write
/// generation, bumped by every write transaction, and `changes` logs the chunks each
/// generation added or removed, so a running server refreshes incrementally.
/// `surprisal` keeps the per-token surprisal of chunks the perplexity chunker cut
/// (``SurprisalCoding``), for compression at query time. `bm25_segments` and
/// `bm25_postings` hold the sealed BM25 segments (document ids and lengths per segment,
/// one posting blob per segment and term, read on demand by queries), and
/// `bm25_state` the generation they are sealed at: changes after it are replayed.
/// `vectors_chunk_ids` and `dense_codes_chunk_ids` index the ids alone, so counting
/// and comparing embedded and encoded chunks does not read the vectors; `dense_lists`
/// holds the codes grouped by inverted list as of the generation in `dense_seal`.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sources, documents, chunks, postings") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "sources") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull().unique()
                t.column("format", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("modified", .double).notNull()
                t.column("settings", .text).notNull()
                t.column("indexed_at", .double).notNull()
            }
            try db.create(table: "documents") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source_id", .integer).notNull().indexed()
                    .references("sources", onDelete: .cascade)
                t.column("external_id", .text)
                t.column("title", .text)
                t.column("bytes", .integer).notNull()
            }
            try db.create(index: "documents_external_id", on: "documents", columns: ["external_id"])
            try db.create(table: "chunks") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("document_id", .integer).notNull().indexed()
                    .references("documents", onDelete: .cascade)
                t.column("ordinal", .integer).notNull()
                t.column("byte_start", .integer).notNull()
                t.column("byte_end", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("token_count", .integer).notNull()
                t.column("term_count", .integer).notNull()
            }
            try db.create(table: "terms") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("term", .text).notNull().unique()
            }
            try db.create(table: "postings", options: [.withoutRowID]) { t in
                t.column("chunk_id", .integer).notNull()
                    .references("chunks", onDelete: .cascade)
                t.column("term_id", .integer).notNull().references("terms")
                t.column("tf", .integer).notNull()
                t.primaryKey(["chunk_id", "term_id"])
            }
        }
        migrator.registerMigration("v2: dense vectors and index") { db in
            try db.create(table: "vectors", options: [.withoutRowID]) { t in
                t.primaryKey("chunk_id", .integer).references("chunks", onDelete: .cascade)
                t.column("vector", .blob).notNull()
            }
            try db.create(table: "dense_codes", options: [.withoutRowID]) { t in
                t.primaryKey("chunk_id", .integer).references("chunks", onDelete: .cascade)
                t.column("list", .integer).notNull()
                t.column("code", .blob).notNull()
            }
            try db.create(table: "dense_index") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("parameters", .blob).notNull()
                t.column("trained_count", .integer).notNull()
            }
        }
        migrator.registerMigration("v3: write generations and the change log") { db in
            try db.create(table: "index_state") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("generation", .integer).notNull()
                // Bumped when the dense index is trained anew or dropped: readers reload it.
                t.column("dense_generation", .integer).notNull()
                // The first generation whose changes are all still in `changes`.
                t.column("log_start", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO index_state (id, generation, dense_generation, log_start) VALUES (1, 1, 1, 1)")
            try db.create(table: "changes") { t in
                t.column("generation", .integer).notNull().indexed()
                t.column("chunk_id", .integer).notNull()
                // 1: the chunk was added; 0: it was removed.
                t.column("added", .integer).notNull()
            }
        }
        migrator.registerMigration("v4: per-token surprisal of perplexity-chunked chunks") { db in
            try db.create(table: "surprisal", options: [.withoutRowID]) { t in
                t.primaryKey("chunk_id", .integer).references("chunks", onDelete: .cascade)
                // LEB128 varints of the gaps between token starts (bytes into the chunk's text).
                t.column("token_starts", .blob).notNull()
                // One byte per token: surprisal in steps of SurprisalCoding.step nats.
                t.column("nats", .blob).notNull()
            }
        }
        migrator.registerMigration("v5: sealed BM25 segments") { db in
            try db.create(table: "bm25_state") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                // The index generation the stored segments are at; 0: nothing sealed yet.
                t.column("sealed_generation", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO bm25_state (id, sealed_generation) VALUES (1, 0)")
            try db.create(table: "bm25_segments") { t in
                t.autoIncrementedPrimaryKey("id")
                // Little-endian int64 chunk ids, ascending; int32 lengths beside them.
                t.column("document_ids", .blob).notNull()
                t.column("lengths", .blob).notNull()
                // Little-endian int32 ordinals of the segment's deleted documents.
                t.column("deleted", .blob).notNull()
            }
            try db.create(table: "bm25_postings", options: [.withoutRowID]) { t in
                t.column("segment_id", .integer).notNull().references("bm25_segments", onDelete: .cascade)
                t.column("term", .text).notNull()
                t.column("postings", .blob).notNull()
                t.primaryKey(["segment_id", "term"])
            }
        }
        migrator.registerMigration("v6: sealed dense lists, ids of embedded and encoded chunks") { db in
            // A vector row holds 1,536 bytes inline, so counting `vectors` or joining on it
            // read every vector: 1.5 GB at a million chunks. These id-only indexes (about
            // 10 bytes a chunk) count them and find the chunks not encoded yet.
            try db.create(index: "vectors_chunk_ids", on: "vectors", columns: ["chunk_id"])
            try db.create(index: "dense_codes_chunk_ids", on: "dense_codes", columns: ["chunk_id"])
            // The codes of `dense_codes` grouped by inverted list, as of one generation: an
            // open reads a thousand blobs instead of a million rows, then replays the
            // change log from that generation.
            try db.create(table: "dense_seal") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("generation", .integer).notNull()
                t.column("dense_generation", .integer).notNull()
                t.column("entries", .integer).notNull()
            }
            try db.create(table: "dense_lists") { t in
                t.primaryKey("list", .integer)
                // Little-endian int64 chunk ids; the codes back to back, in the same order.
                t.column("ids", .blob).notNull()
                t.column("codes", .blob).notNull()
            }
        }
        migrator.registerMigration("v7: one blob of analysed terms per chunk") { db in
            // `postings` held a row per chunk and term (8.8 million at 100k passages) and
            // `terms` a row per term, looked up by every write: the ingest's bottleneck.
            try db.create(table: "chunk_terms") { t in
                t.primaryKey("chunk_id", .integer).references("chunks", onDelete: .cascade)
                // ChunkTermsCoding: each term's frequency, UTF-8 length and bytes.
                t.column("terms", .blob).notNull()
            }
            try copyPostingsIntoChunkTerms(db)
            try db.drop(table: "postings")
            try db.drop(table: "terms")
        }
        return migrator
    }

    /// Writes each chunk's rows of a file's `postings` table as its `chunk_terms` blob
    /// (one ordered pass, once: 4.1 s for a file of 160,000 chunks).
    private static func copyPostingsIntoChunkTerms(_ db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO chunk_terms (chunk_id, terms) VALUES (?, ?)")
        let rows = try Row.fetchCursor(
            db, sql: "SELECT p.chunk_id, t.term, p.tf FROM postings p JOIN terms t ON t.id = p.term_id ORDER BY p.chunk_id"
        )
        var chunk: Int64?
        var frequencies: [String: Int] = [:]
        func flush() throws {
            if let chunk, !frequencies.isEmpty {
                try insert.execute(arguments: [chunk, ChunkTermsCoding.encode(frequencies)])
            }
            frequencies.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if id != chunk {
                try flush()
                chunk = id
            }
            frequencies[row[1]] = row[2]
        }
        try flush()
    }
}
