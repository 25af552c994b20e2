import QuarryCore
import Foundation
import GRDB

/// A consistent read of an index file: everything read through one snapshot comes
/// from the same committed write generation, whatever writers do meanwhile (a
/// SQLite read transaction under WAL). Only valid inside ``QuarryStore/read(_:)``, on
/// the thread running it: like GRDB's `Database` it holds, it is not `Sendable`.
public struct StoreSnapshot {
    let db: Database
    /// The index file's path, for messages.
    public let path: String

    /// The generation this snapshot reads.
    public func generation() throws -> IndexGeneration {
        guard let row = try Row.fetchOne(db, sql: "SELECT generation, dense_generation, log_start FROM index_state WHERE id = 1")
        else { throw StoreFailure.corrupt(path: path, "it has no index_state row") }
        return IndexGeneration(generation: row[0], denseGeneration: row[1], logStart: row[2])
    }

    /// The net chunk changes after generation `since` up to this snapshot's.
    public func changes(since: Int64) throws -> ChunkChanges {
        var log: [(chunkID: Int64, added: Bool)] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT chunk_id, added FROM changes WHERE generation > ? ORDER BY generation, added",
            arguments: [since]
        )
        while let row = try cursor.next() {
            log.append((row[0], row[1]))
        }
        return ChunkChanges(netOf: log)
    }

    /// The postings of the chunks with `ids` (all chunks when nil), to build or update
    /// the in-memory BM25 index.
    public func postings(ids: [Int64]? = nil) throws -> [ChunkPostings] {
        if let ids, ids.isEmpty { return [] }
        let filter = ids.map { "WHERE c.id IN (\(Self.placeholders($0.count)))" } ?? ""
        let arguments = ids.map { StatementArguments($0) } ?? StatementArguments()
        var postings: [ChunkPostings] = []
        var indexByChunk: [Int64: Int] = [:]
        let chunkCursor = try Row.fetchCursor(
            db, sql: "SELECT c.id, c.term_count FROM chunks c \(filter) ORDER BY c.id", arguments: arguments
        )
        while let row = try chunkCursor.next() {
            let id: Int64 = row[0]
            indexByChunk[id] = postings.count
            postings.append(ChunkPostings(chunkID: id, termCount: row[1], frequencies: [:]))
        }
        let postingFilter = ids.map { "WHERE p.chunk_id IN (\(Self.placeholders($0.count)))" } ?? ""
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT p.chunk_id, t.term, p.tf FROM postings p JOIN terms t ON t.id = p.term_id \(postingFilter)",
            arguments: arguments
        )
        while let row = try cursor.next() {
            let chunkID: Int64 = row[0]
            guard let index = indexByChunk[chunkID] else { continue }
            postings[index].frequencies[row[1]] = row[2]
        }
        return postings
    }

    /// Every chunk's postings in column form, to build the BM25 index of the whole file:
    /// three ordered scans (terms, chunks, postings by their primary key), no
    /// dictionary per chunk.
    public func postingColumns() throws -> PostingColumns {
        var columns = PostingColumns()
        var rowOfTerm: [Int32] = []
        let terms = try Row.fetchCursor(db, sql: "SELECT id, term FROM terms ORDER BY id")
        while let row = try terms.next() {
            let id: Int64 = row[0]
            guard id >= 0, id < Int64(Int32.max) else { throw StoreFailure.corrupt(path: path, "term id \(id) is out of range") }
            if Int(id) >= rowOfTerm.count { rowOfTerm.append(contentsOf: repeatElement(-1, count: Int(id) + 1 - rowOfTerm.count)) }
            rowOfTerm[Int(id)] = Int32(columns.terms.count)
            columns.terms.append(row[1])
        }
        let chunks = try Row.fetchCursor(db, sql: "SELECT id, term_count FROM chunks ORDER BY id")
        while let row = try chunks.next() {
            columns.chunkIDs.append(row[0])
            columns.termCounts.append(row[1])
        }
        var chunk = 0
        let postings = try Row.fetchCursor(db, sql: "SELECT chunk_id, term_id, tf FROM postings ORDER BY chunk_id")
        while let row = try postings.next() {
            let chunkID: Int64 = row[0], termID: Int64 = row[1]
            while chunk < columns.chunkIDs.count, columns.chunkIDs[chunk] < chunkID {
                columns.chunkStarts.append(columns.termRows.count)
                chunk += 1
            }
            guard chunk < columns.chunkIDs.count, columns.chunkIDs[chunk] == chunkID,
                  termID >= 0, termID < Int64(rowOfTerm.count), rowOfTerm[Int(termID)] >= 0
            else { throw StoreFailure.corrupt(path: path, "a posting of chunk \(chunkID) names a missing chunk or term") }
            columns.termRows.append(rowOfTerm[Int(termID)])
            columns.frequencies.append(Int32(clamping: row[2] as Int64))
        }
        while chunk < columns.chunkIDs.count {
            columns.chunkStarts.append(columns.termRows.count)
            chunk += 1
        }
        return columns
    }

    /// The chunks with the given ids, in the order of `ids` (missing ids are skipped).
    public func chunks(ids: [Int64]) throws -> [StoredChunk] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.document_id, s.path, d.external_id, d.title, c.ordinal,
                       c.byte_start, c.byte_end, c.text, c.token_count
                FROM chunks c JOIN documents d ON d.id = c.document_id
                JOIN sources s ON s.id = d.source_id
                WHERE c.id IN (\(Self.placeholders(ids.count)))
                """,
            arguments: StatementArguments(ids)
        )
        var byID: [Int64: StoredChunk] = [:]
        for row in rows {
            let path: String = row[2]
            let externalID: String? = row[3]
            let chunk = StoredChunk(
                id: row[0], documentID: row[1], document: externalID.map { "\(path)#\($0)" } ?? path,
                title: row[4], ordinal: row[5], byteStart: row[6], byteEnd: row[7], text: row[8], tokenCount: row[9]
            )
            byID[chunk.id] = chunk
        }
        return ids.compactMap { byID[$0] }
    }

    /// The stored surprisal of each chunk in `ids` that has it.
    public func surprisal(ids: [Int64]) throws -> [Int64: TokenSurprisal] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: TokenSurprisal] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT chunk_id, token_starts, nats FROM surprisal WHERE chunk_id IN (\(Self.placeholders(ids.count)))",
            arguments: StatementArguments(ids)
        )
        while let row = try rows.next() {
            if let decoded = SurprisalCoding.decode(starts: row[1], nats: row[2]) { result[row[0]] = decoded }
        }
        return result
    }

    /// Tokens and bytes of stored surprisal (both blobs), for the storage cost.
    public func surprisalSize() throws -> (tokens: Int, bytes: Int) {
        let row = try Row.fetchOne(db, sql: "SELECT COALESCE(SUM(length(nats)), 0), COALESCE(SUM(length(nats) + length(token_starts)), 0) FROM surprisal")
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// The embedding of each chunk in `ids`, in that order; nil for a chunk that has
    /// none (or no longer exists).
    public func vectors(for ids: [Int64]) throws -> [[Float]?] {
        guard !ids.isEmpty else { return [] }
        var found: [Int64: [Float]] = [:]
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT chunk_id, vector FROM vectors WHERE chunk_id IN (\(Self.placeholders(ids.count)))",
            arguments: StatementArguments(ids)
        )
        while let row = try cursor.next() {
            guard let vector = VectorBlob.decode(row[1]) else {
                throw StoreFailure.corrupt(path: path, "chunk \(row[0] as Int64) has a vector blob of a size that is not a whole number of floats")
            }
            found[row[0]] = vector
        }
        return ids.map { found[$0] }
    }

    /// Stored embeddings as raw blobs, ordered by chunk id: all of them, only those of
    /// `ids`, or (`withoutCodes`) only those the dense index has not encoded yet.
    public func vectorBlobs(ids: [Int64]? = nil, withoutCodes: Bool = false) throws -> [(chunkID: Int64, blob: Data)] {
        if let ids, ids.isEmpty { return [] }
        var conditions: [String] = []
        if let ids { conditions.append("chunk_id IN (\(Self.placeholders(ids.count)))") }
        if withoutCodes {
            guard let pending = try unencodedFilter() else { return [] }
            conditions.append(pending)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var result: [(chunkID: Int64, blob: Data)] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT chunk_id, vector FROM vectors \(filter) ORDER BY chunk_id",
            arguments: ids.map { StatementArguments($0) } ?? StatementArguments()
        )
        while let row = try cursor.next() {
            result.append((row[0], row[1]))
        }
        return result
    }

    /// The condition selecting the vectors the dense index has not encoded, nil when
    /// there are none. A code is only written for a stored vector and both go with
    /// their chunk, so the codes' ids are a subset of the vectors': equal counts mean
    /// none is pending (two scans of the id indexes, not of the vectors). Usually the
    /// pending ones are the newest chunks, above the largest encoded id: when they
    /// account for the whole difference they are exactly the pending set, a range of
    /// the index. Otherwise the two id sets are compared.
    private func unencodedFilter() throws -> String? {
        let missing = try vectorCount() - denseCodeCount()
        guard missing != 0 else { return nil }
        let newest = try Int64.fetchOne(db, sql: "SELECT MAX(chunk_id) FROM dense_codes") ?? Int64.min
        let above = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM vectors INDEXED BY vectors_chunk_ids WHERE chunk_id > ?", arguments: [newest]
        ) ?? 0
        if above == missing { return "chunk_id > \(newest)" }
        return "chunk_id IN (SELECT chunk_id FROM vectors INDEXED BY vectors_chunk_ids"
            + " EXCEPT SELECT chunk_id FROM dense_codes INDEXED BY dense_codes_chunk_ids)"
    }

    /// How many chunks have an embedding (counted on the id index, not the vectors).
    public func vectorCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vectors INDEXED BY vectors_chunk_ids") ?? 0
    }

    /// Whether any chunk has an embedding.
    public func hasVectors() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM vectors)") ?? false
    }

    /// How many chunks the dense index has a code for.
    public func denseCodeCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dense_codes INDEXED BY dense_codes_chunk_ids") ?? 0
    }

    /// Whether a dense index has been trained, without reading its parameters.
    public func hasDenseIndex() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dense_index)") ?? false
    }

    /// The trained dense-index parameters and how many vectors they were trained on.
    public func denseParameters() throws -> (parameters: Data, trainedCount: Int)? {
        try Row.fetchOne(db, sql: "SELECT parameters, trained_count FROM dense_index WHERE id = 1").map { ($0[0], $0[1]) }
    }

    /// Every stored code, ordered by chunk id.
    public func denseCodes() throws -> [DenseCode] {
        var result: [DenseCode] = []
        try forEachDenseCode { result.append(DenseCode(chunkID: $0, list: $1, code: Data($2))) }
        return result
    }

    /// Calls `body` with every stored code in chunk-id order, without copying it: the
    /// bytes are valid only during the call. An open reads a million codes this way.
    public func forEachDenseCode(_ body: (_ chunkID: Int64, _ list: Int32, _ code: UnsafeRawBufferPointer) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT chunk_id, list, code FROM dense_codes ORDER BY chunk_id")
        while let row = try cursor.next() {
            let chunkID: Int64 = row[0]
            let list: Int32 = row[1]
            try row.withUnsafeData(atIndex: 2) { code in
                guard let code else { throw StoreFailure.corrupt(path: path, "chunk \(chunkID) has a dense code that is not a blob") }
                try code.withUnsafeBytes { try body(chunkID, list, $0) }
            }
        }
    }

    /// The value stored under `key` in the index's metadata.
    public func meta(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
