import Foundation
import GRDB

/// One index file: a SQLite database in WAL mode holding sources, documents, chunks
/// and the BM25 postings.
///
/// Every write of a source happens in one transaction, so a crash or a kill at any
/// point leaves the previous state readable, and re-running the same ingest finishes
/// the job. Readers run concurrently with one writer (`DatabasePool`).
public final class QuarryStore: Sendable {
    /// The index file.
    public let url: URL
    let pool: DatabasePool

    /// Opens the index file at `url`, creating it (and its folder) when `create` is true.
    public init(url: URL, create: Bool) throws {
        self.url = url
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: url.path) {
            guard create else {
                throw StoreError(
                    path: url.path,
                    reason: "no index here; build one with `quarry index PATH… --index \(url.path)`"
                )
            }
            try fileManager.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true
            )
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try StoreSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError(
                path: url.path,
                reason: "not a readable Quarry index (\(error.message ?? "SQLite error \(error.resultCode)")); "
                    + "choose another --index file or delete this one"
            )
        }
    }

    // MARK: - Sources

    /// The source indexed from `path`, if any.
    public func source(path: String) throws -> SourceRecord? {
        try pool.read { db in
            try SourceRecord.fetchOne(db, sql: "SELECT * FROM sources WHERE path = ?", arguments: [path])
        }
    }

    /// Every indexed source, ordered by path.
    public func sources() throws -> [SourceRecord] {
        try pool.read { db in
            try SourceRecord.fetchAll(db, sql: "SELECT * FROM sources ORDER BY path")
        }
    }

    /// Replaces everything indexed from `source.path` with `source`, in one transaction.
    /// Returns the ids of the chunks written.
    @discardableResult
    public func replace(_ source: NewSource) throws -> [Int64] {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM sources WHERE path = ?", arguments: [source.path])
            try db.execute(
                sql: """
                    INSERT INTO sources (path, format, sha256, bytes, modified, settings, indexed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    source.path, source.format, source.sha256, source.byteCount,
                    source.modified.timeIntervalSince1970, source.settings, Date().timeIntervalSince1970,
                ]
            )
            let sourceID = db.lastInsertedRowID
            var writer = try PostingsWriter(db: db)
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
            let insertVector = try db.cachedStatement(sql: "INSERT INTO vectors (chunk_id, vector) VALUES (?, ?)")
            for document in source.documents {
                try insertDocument.execute(
                    arguments: [sourceID, document.externalID, document.title, document.byteCount]
                )
                let documentID = db.lastInsertedRowID
                for (ordinal, chunk) in document.chunks.enumerated() {
                    try insertChunk.execute(arguments: [
                        documentID, ordinal, chunk.byteStart, chunk.byteEnd, chunk.text,
                        chunk.tokenCount, chunk.termCount,
                    ])
                    let chunkID = db.lastInsertedRowID
                    try writer.write(chunkID: chunkID, frequencies: chunk.termFrequencies)
                    if let vector = chunk.vector {
                        try insertVector.execute(arguments: [chunkID, VectorBlob.encode(vector)])
                    }
                    chunkIDs.append(chunkID)
                }
            }
            return chunkIDs
        }
    }

    /// Removes the sources at `paths` with all their rows, in one transaction.
    /// Returns the ids of the chunks removed.
    @discardableResult
    public func remove(paths: [String]) throws -> [Int64] {
        guard !paths.isEmpty else { return [] }
        return try pool.write { db in
            var removed: [Int64] = []
            for path in paths {
                removed += try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
                        JOIN sources s ON s.id = d.source_id WHERE s.path = ?
                        """,
                    arguments: [path]
                )
                try db.execute(sql: "DELETE FROM sources WHERE path = ?", arguments: [path])
            }
            return removed
        }
    }

    // MARK: - Reading

    /// Every chunk's postings, to build the in-memory BM25 index.
    public func allPostings() throws -> [ChunkPostings] {
        try pool.read { db in
            var terms: [Int64: String] = [:]
            let termCursor = try Row.fetchCursor(db, sql: "SELECT id, term FROM terms")
            while let row = try termCursor.next() {
                terms[row[0]] = row[1]
            }
            var postings: [ChunkPostings] = []
            let chunkCursor = try Row.fetchCursor(db, sql: "SELECT id, term_count FROM chunks ORDER BY id")
            var indexByChunk: [Int64: Int] = [:]
            while let row = try chunkCursor.next() {
                let id: Int64 = row[0]
                indexByChunk[id] = postings.count
                postings.append(ChunkPostings(chunkID: id, termCount: row[1], frequencies: [:]))
            }
            let cursor = try Row.fetchCursor(db, sql: "SELECT chunk_id, term_id, tf FROM postings")
            while let row = try cursor.next() {
                let chunkID: Int64 = row[0]
                guard let index = indexByChunk[chunkID], let term = terms[row[1]] else { continue }
                postings[index].frequencies[term] = row[2]
            }
            return postings
        }
    }

    /// The chunks with the given ids, in the order of `ids` (missing ids are skipped).
    public func chunks(ids: [Int64]) throws -> [StoredChunk] {
        guard !ids.isEmpty else { return [] }
        let found = try pool.read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.document_id, s.path, d.external_id, d.title, c.ordinal,
                           c.byte_start, c.byte_end, c.text, c.token_count
                    FROM chunks c JOIN documents d ON d.id = c.document_id
                    JOIN sources s ON s.id = d.source_id
                    WHERE c.id IN (\(placeholders))
                    """,
                arguments: StatementArguments(ids)
            )
            return rows.map { row -> StoredChunk in
                let path: String = row[2]
                let externalID: String? = row[3]
                return StoredChunk(
                    id: row[0], documentID: row[1],
                    document: externalID.map { "\(path)#\($0)" } ?? path,
                    title: row[4], ordinal: row[5], byteStart: row[6], byteEnd: row[7],
                    text: row[8], tokenCount: row[9]
                )
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }

    /// Every chunk's document key (the external id, such as a BEIR `_id`, or else the
    /// source path), for mapping retrieved chunks to judged documents in evaluation.
    public func documentKeys() throws -> [Int64: String] {
        try pool.read { db in
            var result: [Int64: String] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT c.id, COALESCE(d.external_id, s.path) FROM chunks c
                    JOIN documents d ON d.id = c.document_id JOIN sources s ON s.id = d.source_id
                    """
            )
            while let row = try cursor.next() {
                result[row[0]] = row[1]
            }
            return result
        }
    }

    /// What the index holds.
    public func statistics() throws -> IndexStatistics {
        try pool.read { db in
            IndexStatistics(
                sources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sources") ?? 0,
                documents: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0,
                chunks: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks") ?? 0,
                terms: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT term_id) FROM postings") ?? 0
            )
        }
    }

    // MARK: - Settings

    /// The value stored under `key` in the index's metadata.
    public func meta(_ key: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Stores `value` under `key` in the index's metadata.
    public func setMeta(_ key: String, _ value: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value]
            )
        }
    }
}
