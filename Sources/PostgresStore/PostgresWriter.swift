import Foundation
import PostgresNIO
import QuarryCore
import Store

/// The writes of one transaction on an index in PostgreSQL: sources, documents and
/// chunks with their term counts, vectors and surprisal, the dense index, and the
/// generation bump with its change-log rows and `NOTIFY` (``record(added:removed:denseRetrained:ifDenseGeneration:)``,
/// always the transaction's last step, so the generation row is locked only briefly
/// and always after any data row: no lock-order deadlocks between writers).
struct PostgresWriter {
    let connection: PostgresSession
    let logger: Logger

    /// Thrown to roll back a dense-index update computed from a dense generation that
    /// another writer has since replaced.
    struct StaleDenseIndex: Error {}

    /// Waits for, then holds until commit, the lock of writers of `path`.
    func lock(path: String) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(path), 0))", logger: logger)
    }

    func sourceID(path: String) async throws -> Int64? {
        for try await id in try await connection.query("SELECT id FROM sources WHERE path = \(path)", logger: logger)
            .decode(Int64.self)
        {
            return id
        }
        return nil
    }

    func chunkIDs(ofSource path: String) async throws -> [Int64] {
        var ids: [Int64] = []
        let rows = try await connection.query(
            """
            SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
            JOIN sources s ON s.id = d.source_id WHERE s.path = \(path) ORDER BY c.id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    func insertSource(_ source: NewSource) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO sources (path, format, sha256, bytes, modified, settings, indexed_at)
            VALUES (\(source.path), \(source.format), \(source.sha256), \(source.byteCount),
                    \(source.modified.timeIntervalSince1970), \(source.settings), \(Date().timeIntervalSince1970))
            RETURNING id
            """,
            logger: logger
        )
        return try await single(rows)
    }

    /// Inserts documents with their chunks (term counts on the chunk's row), vectors and
    /// surprisal under `sourceID`; returns the chunk ids in order.
    func insert(_ documents: [NewDocument], sourceID: Int64) async throws -> [Int64] {
        var chunkIDs: [Int64] = []
        var vectorIDs: [Int64] = [], vectors: [ByteBuffer] = []
        var surprisalIDs: [Int64] = [], starts: [ByteBuffer] = [], nats: [ByteBuffer] = []
        for document in documents {
            let documentID = try await single(connection.query(
                """
                INSERT INTO documents (source_id, external_id, title, bytes)
                VALUES (\(sourceID), \(document.externalID), \(document.title), \(document.byteCount)) RETURNING id
                """,
                logger: logger
            ))
            for (ordinal, chunk) in document.chunks.enumerated() {
                let terms = chunk.termFrequencies.keys.sorted()
                let frequencies = terms.map { Int32(clamping: chunk.termFrequencies[$0] ?? 0) }
                let chunkID = try await single(connection.query(
                    """
                    INSERT INTO chunks (document_id, ordinal, byte_start, byte_end, text, token_count, term_count, terms, frequencies)
                    VALUES (\(documentID), \(ordinal), \(chunk.byteStart), \(chunk.byteEnd), \(chunk.text),
                            \(chunk.tokenCount), \(chunk.termCount), \(terms), \(frequencies))
                    RETURNING id
                    """,
                    logger: logger
                ))
                chunkIDs.append(chunkID)
                if let vector = chunk.vector {
                    vectorIDs.append(chunkID)
                    vectors.append(ByteBuffer(bytes: VectorBlob.encode(vector)))
                }
                if let surprisal = chunk.surprisal {
                    let coded = SurprisalCoding.encode(surprisal)
                    surprisalIDs.append(chunkID)
                    starts.append(ByteBuffer(bytes: coded.starts))
                    nats.append(ByteBuffer(bytes: coded.nats))
                }
            }
        }
        if !vectorIDs.isEmpty {
            try await connection.query(
                "INSERT INTO vectors (chunk_id, vector) SELECT * FROM unnest(\(vectorIDs)::bigint[], \(vectors)::bytea[])",
                logger: logger
            )
        }
        if !surprisalIDs.isEmpty {
            try await connection.query(
                """
                INSERT INTO surprisal (chunk_id, token_starts, nats)
                SELECT * FROM unnest(\(surprisalIDs)::bigint[], \(starts)::bytea[], \(nats)::bytea[])
                """,
                logger: logger
            )
        }
        return chunkIDs
    }

    /// Applies `update` (see ``IndexStore/updateDenseIndex(_:ifDenseGeneration:)``);
    /// throws ``StaleDenseIndex`` when the dense generation moved on.
    func updateDenseIndex(_ update: DenseIndexUpdate, ifDenseGeneration denseGeneration: Int64) async throws {
        switch update {
        case .replace(let parameters, let trainedCount, let codes):
            try await connection.query("DELETE FROM dense_codes", logger: logger)
            try await connection.query(
                """
                INSERT INTO dense_index (id, parameters, trained_count) VALUES (1, \(ByteBuffer(bytes: parameters)), \(trainedCount))
                ON CONFLICT (id) DO UPDATE SET parameters = excluded.parameters, trained_count = excluded.trained_count
                """,
                logger: logger
            )
            try await insert(codes)
            try await record(denseRetrained: true, ifDenseGeneration: denseGeneration)
        case .add(let codes):
            guard !codes.isEmpty else { return }
            try await insert(codes)
            try await record(ifDenseGeneration: denseGeneration)
        case .clear:
            var trained = false
            for try await exists in try await connection.query("SELECT EXISTS (SELECT 1 FROM dense_index)", logger: logger)
                .decode(Bool.self)
            {
                trained = exists
            }
            guard trained else { return }
            try await connection.query("DELETE FROM dense_codes", logger: logger)
            try await connection.query("DELETE FROM dense_index", logger: logger)
            try await record(denseRetrained: true, ifDenseGeneration: denseGeneration)
        }
    }

    /// Upserts the codes whose chunk still exists.
    private func insert(_ codes: [DenseCode]) async throws {
        guard !codes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO dense_codes (chunk_id, list, code)
            SELECT u.chunk_id, u.list, u.code
            FROM unnest(\(codes.map(\.chunkID))::bigint[], \(codes.map(\.list))::integer[],
                        \(codes.map { ByteBuffer(bytes: $0.code) })::bytea[]) AS u(chunk_id, list, code)
            WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.id = u.chunk_id)
            ON CONFLICT (chunk_id) DO UPDATE SET list = excluded.list, code = excluded.code
            """,
            logger: logger
        )
    }

    /// Records this transaction: a new generation with these chunk changes, the log
    /// trimmed to ``IndexChanges/retainedGenerations``, and a `NOTIFY` sent on commit.
    /// With `ifDenseGeneration`, throws ``StaleDenseIndex`` unless the dense generation
    /// is still that one (checked on the locked row, so after any writer that got there first).
    func record(
        added: [Int64] = [], removed: [Int64] = [], denseRetrained: Bool = false, ifDenseGeneration: Int64? = nil
    ) async throws {
        let rows = try await connection.query(
            """
            UPDATE index_state SET generation = generation + 1,
                dense_generation = CASE WHEN \(denseRetrained) THEN generation + 1 ELSE dense_generation END
            WHERE id = 1 AND (\(ifDenseGeneration)::bigint IS NULL OR dense_generation = \(ifDenseGeneration))
            RETURNING generation
            """,
            logger: logger
        )
        var generation: Int64?
        for try await value in rows.decode(Int64.self) { generation = value }
        guard let generation else { throw StaleDenseIndex() }
        if !removed.isEmpty {
            try await connection.query(
                "INSERT INTO changes (generation, chunk_id, added) SELECT \(generation), unnest(\(removed)::bigint[]), false",
                logger: logger
            )
        }
        if !added.isEmpty {
            try await connection.query(
                "INSERT INTO changes (generation, chunk_id, added) SELECT \(generation), unnest(\(added)::bigint[]), true",
                logger: logger
            )
        }
        let oldest = generation - IndexChanges.retainedGenerations
        if oldest > 1, generation % 100 == 0 {
            try await connection.query("DELETE FROM changes WHERE generation < \(oldest)", logger: logger)
            try await connection.query(
                "UPDATE index_state SET log_start = GREATEST(log_start, \(oldest)) WHERE id = 1", logger: logger
            )
        }
        try await connection.query(
            "SELECT pg_notify(\(PostgresSchema.channel), \(String(generation)))", logger: logger
        )
    }

    private func single(_ rows: PostgresRowSequence) async throws -> Int64 {
        for try await id in rows.decode(Int64.self) { return id }
        throw QuarryError(.internal, "PostgreSQL returned no id for an insert")
    }
}
