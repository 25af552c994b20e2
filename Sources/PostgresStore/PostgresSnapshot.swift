import Foundation
import PostgresNIO
import QuarryCore
import Store

/// One ``IndexSnapshot`` of an index in PostgreSQL: every read runs on one connection
/// inside one `REPEATABLE READ` transaction (``PostgresStore/reading(_:)``), so all of
/// them see one committed generation.
struct PostgresSnapshot: IndexSnapshot {
    let connection: PostgresSession
    let logger: Logger
    /// The URL without its password, for messages.
    let name: String

    func generation() async throws -> IndexGeneration {
        let rows = try await connection.query(
            "SELECT generation, dense_generation, log_start FROM index_state WHERE id = 1", logger: logger
        )
        for try await (generation, dense, logStart) in rows.decode((Int64, Int64, Int64).self) {
            return IndexGeneration(generation: generation, denseGeneration: dense, logStart: logStart)
        }
        throw QuarryError(.internal, "\(name): the index is damaged (it has no index_state row); re-index into a new database")
    }

    func changes(since: Int64) async throws -> ChunkChanges {
        var log: [(chunkID: Int64, added: Bool)] = []
        let rows = try await connection.query(
            "SELECT chunk_id, added FROM changes WHERE generation > \(since) ORDER BY generation, added", logger: logger
        )
        for try await (id, added) in rows.decode((Int64, Bool).self) { log.append((id, added)) }
        return ChunkChanges(netOf: log)
    }

    func chunkIDs() async throws -> [Int64] { try await ids("SELECT id FROM chunks ORDER BY id") }

    func vectorChunkIDs() async throws -> [Int64] { try await ids("SELECT chunk_id FROM vectors ORDER BY chunk_id") }

    /// The one `bigint` column `query` returns, in its order.
    private func ids(_ query: PostgresQuery) async throws -> [Int64] {
        var ids: [Int64] = []
        for try await id in try await connection.query(query, logger: logger).decode(Int64.self) { ids.append(id) }
        return ids
    }

    func termCounts(ids: [Int64]?) async throws -> [ChunkPostings] {
        if let ids, ids.isEmpty { return [] }
        let rows = try await connection.query(
            """
            SELECT id, term_count, terms, frequencies FROM chunks
            WHERE \(ids)::bigint[] IS NULL OR id = ANY(\(ids)::bigint[]) ORDER BY id
            """,
            logger: logger
        )
        var result: [ChunkPostings] = []
        for try await (id, termCount, terms, frequencies) in rows.decode((Int64, Int, [String], [Int32]).self) {
            guard terms.count == frequencies.count else {
                throw QuarryError(.internal, "\(name): chunk \(id) has \(terms.count) terms but \(frequencies.count) counts; re-index it")
            }
            var counts: [String: Int] = [:]
            counts.reserveCapacity(terms.count)
            for (term, frequency) in zip(terms, frequencies) { counts[term] = Int(frequency) }
            result.append(ChunkPostings(chunkID: id, termCount: termCount, frequencies: counts))
        }
        return result
    }

    func chunks(ids: [Int64]) async throws -> [StoredChunk] {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT c.id, c.document_id, s.path, d.external_id, d.title, c.ordinal, c.byte_start, c.byte_end, c.text, c.token_count
            FROM chunks c JOIN documents d ON d.id = c.document_id JOIN sources s ON s.id = d.source_id
            WHERE c.id = ANY(\(ids)::bigint[])
            """,
            logger: logger
        )
        var byID: [Int64: StoredChunk] = [:]
        for try await (id, documentID, path, externalID, title, ordinal, start, end, text, tokens) in rows.decode(
            (Int64, Int64, String, String?, String?, Int, Int, Int, String, Int).self
        ) {
            byID[id] = StoredChunk(
                id: id, documentID: documentID, document: externalID.map { "\(path)#\($0)" } ?? path, title: title,
                ordinal: ordinal, byteStart: start, byteEnd: end, text: text, tokenCount: tokens
            )
        }
        return ids.compactMap { byID[$0] }
    }

    func surprisal(ids: [Int64]) async throws -> [Int64: TokenSurprisal] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT chunk_id, token_starts, nats FROM surprisal WHERE chunk_id = ANY(\(ids)::bigint[])", logger: logger
        )
        var result: [Int64: TokenSurprisal] = [:]
        for try await (id, starts, nats) in rows.decode((Int64, ByteBuffer, ByteBuffer).self) {
            if let decoded = SurprisalCoding.decode(starts: Data(starts.readableBytesView), nats: Data(nats.readableBytesView)) {
                result[id] = decoded
            }
        }
        return result
    }

    func vectors(for ids: [Int64]) async throws -> [[Float]?] {
        guard !ids.isEmpty else { return [] }
        var found: [Int64: [Float]] = [:]
        for record in try await vectorBlobs(ids: ids, withoutCodes: false) {
            guard let vector = VectorBlob.decode(record.blob) else {
                throw QuarryError(
                    .internal,
                    "\(name): chunk \(record.chunkID) has a vector blob of a size that is not a whole number of floats; re-index it"
                )
            }
            found[record.chunkID] = vector
        }
        return ids.map { found[$0] }
    }

    func vectorBlobs(ids: [Int64]?, withoutCodes: Bool) async throws -> [VectorRecord] {
        if let ids, ids.isEmpty { return [] }
        let rows = try await connection.query(
            """
            SELECT v.chunk_id, v.vector FROM vectors v LEFT JOIN dense_codes c ON c.chunk_id = v.chunk_id
            WHERE (\(ids)::bigint[] IS NULL OR v.chunk_id = ANY(\(ids)::bigint[])) AND (NOT \(withoutCodes) OR c.chunk_id IS NULL)
            ORDER BY v.chunk_id
            """,
            logger: logger
        )
        var result: [VectorRecord] = []
        for try await (id, blob) in rows.decode((Int64, ByteBuffer).self) {
            result.append(VectorRecord(chunkID: id, blob: Data(blob.readableBytesView)))
        }
        return result
    }

    func vectorCount() async throws -> Int { try await counts(["vectors"])[0] }

    func denseParameters() async throws -> DenseParameters? {
        let rows = try await connection.query("SELECT parameters, trained_count FROM dense_index WHERE id = 1", logger: logger)
        for try await (parameters, trained) in rows.decode((ByteBuffer, Int).self) {
            return DenseParameters(parameters: Data(parameters.readableBytesView), trainedCount: trained)
        }
        return nil
    }

    func denseCodes() async throws -> [DenseCode] {
        let rows = try await connection.query("SELECT chunk_id, list, code FROM dense_codes ORDER BY chunk_id", logger: logger)
        var result: [DenseCode] = []
        for try await (id, list, code) in rows.decode((Int64, Int32, ByteBuffer).self) {
            result.append(DenseCode(chunkID: id, list: list, code: Data(code.readableBytesView)))
        }
        return result
    }

    func meta(_ key: String) async throws -> String? {
        for try await value in try await connection.query("SELECT value FROM meta WHERE key = \(key)", logger: logger)
            .decode(String.self)
        {
            return value
        }
        return nil
    }

    // MARK: For the store's own reads

    /// Row counts of `tables` (names from this file only), in that order.
    func counts(_ tables: [String]) async throws -> [Int] {
        let sql = "SELECT " + tables.map { "(SELECT COUNT(*) FROM \($0))" }.joined(separator: ", ")
        var result: [Int] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
            let cells = row.makeRandomAccess()
            for index in tables.indices { result.append(try cells[index].decode(Int.self)) }
        }
        return result
    }

    /// Distinct analysed terms over all chunks.
    func distinctTerms() async throws -> Int {
        let rows = try await connection.query("SELECT COUNT(DISTINCT t) FROM chunks, unnest(terms) AS t", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    func documentKeys() async throws -> [Int64: String] {
        let rows = try await connection.query(
            """
            SELECT c.id, COALESCE(d.external_id, s.path) FROM chunks c
            JOIN documents d ON d.id = c.document_id JOIN sources s ON s.id = d.source_id
            """,
            logger: logger
        )
        var result: [Int64: String] = [:]
        for try await (id, key) in rows.decode((Int64, String).self) { result[id] = key }
        return result
    }

    func sourceList(offset: Int, limit: Int) async throws -> SourceList {
        let rows = try await connection.query(
            """
            SELECT s.path, s.format, s.bytes, s.indexed_at,
                   (SELECT COUNT(*) FROM documents d WHERE d.source_id = s.id),
                   (SELECT COUNT(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_id = s.id)
            FROM sources s ORDER BY s.path LIMIT \(limit) OFFSET \(offset)
            """,
            logger: logger
        )
        var sources: [SourceSummary] = []
        for try await (path, format, bytes, indexedAt, documents, chunks) in rows.decode(
            (String, String, Int, Double, Int, Int).self
        ) {
            sources.append(SourceSummary(
                path: path, format: format, bytes: bytes, documents: documents, chunks: chunks, indexedAt: indexedAt
            ))
        }
        return SourceList(sources: sources, total: try await counts(["sources"])[0], generation: try await generation().generation)
    }
}
