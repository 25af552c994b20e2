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

    /// Chunks sent in one `INSERT` at most (a statement's size stays bounded).
    static let chunksPerStatement = 2_000

    /// Inserts documents with their chunks (term counts on the chunk's row), vectors and
    /// surprisal under `sourceID`; returns the chunk ids in order. A handful of statements
    /// whatever the count (ids drawn from the sequences first, rows sent as `unnest`ed
    /// arrays), not one round trip per row.
    func insert(_ documents: [NewDocument], sourceID: Int64) async throws -> [Int64] {
        guard !documents.isEmpty else { return [] }
        let documentIDs = try await nextIDs("documents", count: documents.count)
        try await connection.query(
            """
            INSERT INTO documents (id, source_id, external_id, title, bytes)
            SELECT u.id, \(sourceID), CASE WHEN u.has_external THEN u.external_id END, CASE WHEN u.has_title THEN u.title END, u.bytes
            FROM unnest(\(documentIDs)::bigint[], \(documents.map { $0.externalID != nil })::boolean[],
                        \(documents.map { $0.externalID ?? "" })::text[], \(documents.map { $0.title != nil })::boolean[],
                        \(documents.map { $0.title ?? "" })::text[], \(documents.map(\.byteCount))::bigint[])
                 AS u(id, has_external, external_id, has_title, title, bytes)
            """,
            logger: logger
        )
        var rows: [ChunkRow] = []
        for (document, documentID) in zip(documents, documentIDs) {
            for (ordinal, chunk) in document.chunks.enumerated() {
                rows.append(ChunkRow(documentID: documentID, ordinal: ordinal, chunk: chunk))
            }
        }
        let chunkIDs = try await nextIDs("chunks", count: rows.count)
        var start = 0
        while start < rows.count {
            let end = min(start + Self.chunksPerStatement, rows.count)
            try await insert(rows[start..<end], ids: chunkIDs[start..<end])
            start = end
        }
        var vectorIDs: [Int64] = [], vectors: [ByteBuffer] = []
        var surprisalIDs: [Int64] = [], starts: [ByteBuffer] = [], nats: [ByteBuffer] = []
        for (row, chunkID) in zip(rows, chunkIDs) {
            if let vector = row.chunk.vector {
                vectorIDs.append(chunkID)
                vectors.append(ByteBuffer(bytes: VectorBlob.encode(vector)))
            }
            if let surprisal = row.chunk.surprisal {
                let coded = SurprisalCoding.encode(surprisal)
                surprisalIDs.append(chunkID)
                starts.append(ByteBuffer(bytes: coded.starts))
                nats.append(ByteBuffer(bytes: coded.nats))
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

    /// One chunk to insert, with its document's id and its place there.
    private struct ChunkRow {
        var documentID: Int64
        var ordinal: Int
        var chunk: NewChunk
    }

    /// Inserts `rows` with the ids `ids` in one statement: each chunk's terms and
    /// frequencies travel as a slice (1-based `first`…`last`) of two arrays shared by all.
    private func insert(_ rows: ArraySlice<ChunkRow>, ids: ArraySlice<Int64>) async throws {
        var terms: [String] = [], frequencies: [Int32] = [], first: [Int32] = [], last: [Int32] = []
        for row in rows {
            let sorted = row.chunk.termFrequencies.keys.sorted()
            first.append(Int32(terms.count + 1))
            terms += sorted
            frequencies += sorted.map { Int32(clamping: row.chunk.termFrequencies[$0] ?? 0) }
            last.append(Int32(terms.count))
        }
        guard terms.count < Int(Int32.max) else {
            throw QuarryError(.invalidInput, "one batch of chunks holds more than 2^31 terms; index the source in smaller parts")
        }
        try await connection.query(
            """
            INSERT INTO chunks (id, document_id, ordinal, byte_start, byte_end, text, token_count, term_count, terms, frequencies)
            SELECT u.id, u.document_id, u.ordinal, u.byte_start, u.byte_end, u.text, u.token_count, u.term_count,
                   (\(terms)::text[])[u.first:u.last], (\(frequencies)::integer[])[u.first:u.last]
            FROM unnest(\(Array(ids))::bigint[], \(rows.map(\.documentID))::bigint[], \(rows.map { Int32($0.ordinal) })::integer[],
                        \(rows.map(\.chunk.byteStart))::bigint[], \(rows.map(\.chunk.byteEnd))::bigint[],
                        \(rows.map(\.chunk.text))::text[], \(rows.map { Int32(clamping: $0.chunk.tokenCount) })::integer[],
                        \(rows.map { Int32(clamping: $0.chunk.termCount) })::integer[], \(first)::integer[], \(last)::integer[])
                 AS u(id, document_id, ordinal, byte_start, byte_end, text, token_count, term_count, first, last)
            """,
            logger: logger
        )
    }

    /// `count` new ids of `table`'s identity column, ascending.
    private func nextIDs(_ table: String, count: Int) async throws -> [Int64] {
        guard count > 0 else { return [] }
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        let rows = try await connection.query(
            """
            SELECT nextval(pg_get_serial_sequence(\(table), 'id')) AS id FROM generate_series(1, \(count)) ORDER BY id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        guard ids.count == count else { throw QuarryError(.internal, "PostgreSQL returned \(ids.count) of \(count) new \(table) ids") }
        return ids
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
