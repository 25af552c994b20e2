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

    /// The analysed terms of the chunks with `ids` (all chunks when nil), to build or
    /// update the in-memory BM25 index.
    /// - Throws: ``StoreFailure/corrupt(path:_:)`` for a damaged terms blob.
    public func postings(ids: [Int64]? = nil) throws -> [ChunkPostings] {
        if let ids, ids.isEmpty { return [] }
        let filter = ids.map { "WHERE c.id IN (\(Self.placeholders($0.count)))" } ?? ""
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT c.id, c.term_count, t.terms FROM chunks c LEFT JOIN chunk_terms t ON t.chunk_id = c.id \(filter) ORDER BY c.id",
            arguments: ids.map { StatementArguments($0) } ?? StatementArguments()
        )
        var postings: [ChunkPostings] = []
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            var frequencies: [String: Int] = [:]
            if let blob = row[2] as Data? {
                guard let decoded = ChunkTermsCoding.decode(blob) else { throw damagedTerms(of: id) }
                frequencies = decoded
            }
            postings.append(ChunkPostings(chunkID: id, termCount: row[1], frequencies: frequencies))
        }
        return postings
    }

    /// Every chunk's postings in column form, to build the BM25 index of the whole file
    /// in one ordered pass, without a dictionary per chunk.
    /// - Throws: ``StoreFailure/corrupt(path:_:)`` for a damaged terms blob.
    public func postingColumns() throws -> PostingColumns {
        var columns = PostingColumns()
        var rowOfTerm: [String: Int32] = [:]
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT c.id, c.term_count, t.terms FROM chunks c LEFT JOIN chunk_terms t ON t.chunk_id = c.id ORDER BY c.id"
        )
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            columns.chunkIDs.append(id)
            columns.termCounts.append(row[1])
            if let blob = row[2] as Data? {
                let whole = ChunkTermsCoding.forEach(in: blob) { utf8, frequency in
                    let term = String(decoding: utf8, as: UTF8.self)
                    let termRow: Int32
                    if let known = rowOfTerm[term] {
                        termRow = known
                    } else {
                        termRow = Int32(columns.terms.count)
                        rowOfTerm[term] = termRow
                        columns.terms.append(term)
                    }
                    columns.termRows.append(termRow)
                    columns.frequencies.append(Int32(clamping: frequency))
                }
                guard whole else { throw damagedTerms(of: id) }
            }
            columns.chunkStarts.append(columns.termRows.count)
        }
        return columns
    }

    /// How many distinct analysed terms the chunks hold: every chunk's terms read once
    /// (0.6 s for 160,000 chunks, 6.2 s for 1.6 million), so it is exact after removals,
    /// as on PostgreSQL.
    /// - Throws: ``StoreFailure/corrupt(path:_:)`` for a damaged terms blob.
    func termCount() throws -> Int {
        var terms = Set<String>()
        let rows = try Row.fetchCursor(db, sql: "SELECT chunk_id, terms FROM chunk_terms")
        while let row = try rows.next() {
            let whole = ChunkTermsCoding.forEach(in: row[1] as Data) { utf8, _ in
                terms.insert(String(decoding: utf8, as: UTF8.self))
            }
            guard whole else { throw damagedTerms(of: row[0]) }
        }
        return terms.count
    }

    private func damagedTerms(of chunk: Int64) -> QuarryError {
        StoreFailure.corrupt(path: path, "the analysed terms of chunk \(chunk) are damaged")
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
