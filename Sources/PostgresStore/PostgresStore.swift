import Foundation
import PostgresNIO
import QuarryCore
import Store
import Synchronization

/// An index's durable records in a PostgreSQL database (``IndexStore``), for several
/// Quarry nodes sharing one index: each node derives its own retrieval state from these
/// records and follows the change log (``IndexFollower``, woken by `NOTIFY`).
///
/// Every write is one transaction: the source's rows, then the generation bump and its
/// change-log rows, then `pg_notify` (delivered on commit). Writers of one source path
/// are serialised by a transaction advisory lock on the path, so concurrent writes of
/// the same path end as one source; the generation row, locked last, orders commits, so
/// generations become visible in order with their changes. Reads run in `REPEATABLE
/// READ` transactions: one generation each. The server going away surfaces as
/// ``QuarryError/Kind/unavailable`` with `retryAfter`; the store reconnects by itself.
public final class PostgresStore: IndexStore {
    public let location: IndexLocation
    /// The URL without its password, for messages.
    let name: String
    let connections: PostgresConnections
    let logger = Logger(label: "quarry.postgres")
    /// The last write's failure when it was the server's; nil after a write succeeds.
    private let writeFailure = Mutex<QuarryError?>(nil)

    /// The longest one query waits for the server's answer before failing as unavailable,
    /// unless ``open(_:create:deadline:)`` is given another.
    public static let defaultDeadline: Duration = .seconds(30)

    /// How often the `LISTEN` connection is checked (as often as the deadline, when that
    /// is shorter).
    static let listenerCheckInterval: Duration = .seconds(10)

    private init(location: PostgresLocation, deadline: Duration) throws {
        self.location = .postgres(location)
        name = location.description
        connections = try PostgresConnections(location: location, deadline: deadline)
    }

    /// Opens the index in the database at `location`, migrating its schema (creating it
    /// when `create` is true; else a database with no index is refused as not found).
    /// A query the server has not answered within `deadline` fails as unavailable, its
    /// connection closed (so its transaction is rolled back).
    public static func open(
        _ location: PostgresLocation, create: Bool, deadline: Duration = defaultDeadline
    ) async throws -> PostgresStore {
        let store = try PostgresStore(location: location, deadline: deadline)
        try await store.withConnection { connection in
            try await PostgresSchema.migrate(connection, location: store.name, create: create, logger: store.logger)
        }
        return store
    }

    /// Closes the idle connections.
    public func close() async {
        await connections.closeAll()
    }

    // MARK: Connections and transactions

    /// `body` on a leased connection; errors become ``QuarryError``s. A connection whose
    /// body failed is closed rather than reused (it may be mid-transaction).
    func withConnection<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        let connection = try await connections.lease()
        do {
            let value = try await body(PostgresSession(connection: connection, deadline: connections.deadline, location: name))
            await connections.release(connection, reusable: true)
            return value
        } catch {
            await connections.release(connection, reusable: false)
            throw PostgresFailure.map(error, location: name)
        }
    }

    /// `body` in one transaction (`BEGIN` … `COMMIT`). When it throws, the connection is
    /// closed rather than sent a `ROLLBACK` (the server rolls back a closed session's
    /// transaction): a connection that failed may be dead, and a statement on a dead one
    /// would only wait for its deadline.
    func transaction<T>(_ begin: PostgresQuery = "BEGIN", _ body: (PostgresSession) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.query(begin, logger: logger)
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        }
    }

    /// A write transaction, its failure kept for ``writeProblem`` when it was the server's.
    func write<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        do {
            let value = try await transaction("BEGIN", body)
            writeFailure.withLock { $0 = nil }
            return value
        } catch let error as QuarryError where error.kind == .unavailable {
            writeFailure.withLock { $0 = error }
            throw error
        }
    }

    public var writeProblem: QuarryError? { writeFailure.withLock { $0 } }

    // MARK: Writes

    @discardableResult
    public func replace(_ source: NewSource) async throws -> [Int64] {
        try await write { connection in
            let writer = PostgresWriter(connection: connection, logger: logger)
            try await writer.lock(path: source.path)
            let removed = try await writer.chunkIDs(ofSource: source.path)
            try await connection.query("DELETE FROM sources WHERE path = \(source.path)", logger: logger)
            let sourceID = try await writer.insertSource(source)
            let added = try await writer.insert(source.documents, sourceID: sourceID)
            try await writer.record(added: added, removed: removed)
            return added
        }
    }

    @discardableResult
    public func append(_ documents: [NewDocument], toSource path: String, complete sha256: String? = nil) async throws -> [Int64] {
        try await write { connection in
            let writer = PostgresWriter(connection: connection, logger: logger)
            try await writer.lock(path: path)
            guard let sourceID = try await writer.sourceID(path: path) else {
                throw QuarryError(.notFound, "\(name): no source \(path) to append documents to; index it whole first")
            }
            let added = try await writer.insert(documents, sourceID: sourceID)
            if let sha256 {
                try await connection.query(
                    "UPDATE sources SET sha256 = \(sha256), indexed_at = \(Date().timeIntervalSince1970) WHERE id = \(sourceID)",
                    logger: logger
                )
            }
            try await writer.record(added: added)
            return added
        }
    }

    @discardableResult
    public func remove(paths: [String]) async throws -> [Int64] {
        guard !paths.isEmpty else { return [] }
        return try await write { connection in
            let writer = PostgresWriter(connection: connection, logger: logger)
            var removed: [Int64] = []
            for path in paths {
                try await writer.lock(path: path)
                removed += try await writer.chunkIDs(ofSource: path)
                try await connection.query("DELETE FROM sources WHERE path = \(path)", logger: logger)
            }
            try await writer.record(removed: removed)
            return removed
        }
    }

    public func setMeta(_ key: String, _ value: String) async throws {
        try await write { connection in
            try await connection.query(
                "INSERT INTO meta (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                logger: logger
            )
            try await PostgresWriter(connection: connection, logger: logger).record()
        }
    }

    public func updateDenseIndex(_ update: DenseIndexUpdate, ifDenseGeneration denseGeneration: Int64) async throws -> Bool {
        do {
            try await write { connection in
                try await PostgresWriter(connection: connection, logger: logger)
                    .updateDenseIndex(update, ifDenseGeneration: denseGeneration)
            }
            return true
        } catch is PostgresWriter.StaleDenseIndex {
            return false
        }
    }

    // MARK: Reads

    public func withSnapshot<T: Sendable>(_ body: (any IndexSnapshot) async throws -> T) async throws -> T {
        try await reading(body)
    }

    /// `body` in one `REPEATABLE READ` read-only transaction: one generation throughout.
    func reading<T>(_ body: (PostgresSnapshot) async throws -> T) async throws -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            try await body(PostgresSnapshot(connection: connection, logger: logger, name: name))
        }
    }

    public func source(path: String) async throws -> SourceRecord? {
        try await sources(where: "WHERE path = $1", [path]).first
    }

    public func sources() async throws -> [SourceRecord] {
        try await sources(where: "ORDER BY path", [])
    }

    private func sources(where clause: String, _ arguments: [String]) async throws -> [SourceRecord] {
        try await withConnection { connection in
            var bindings = PostgresBindings()
            for argument in arguments { bindings.append(argument) }
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT id, path, format, sha256, bytes, modified, settings, indexed_at FROM sources \(clause)",
                    binds: bindings
                ),
                logger: logger
            )
            var result: [SourceRecord] = []
            for try await (id, path, format, sha256, bytes, modified, settings, indexedAt) in rows.decode(
                (Int64, String, String, String, Int, Double, String, Double).self
            ) {
                result.append(SourceRecord(
                    id: id, path: path, format: format, sha256: sha256, bytes: bytes, modified: modified,
                    settings: settings, indexedAt: indexedAt
                ))
            }
            return result
        }
    }

    public func documentCount(ofSource path: String) async throws -> Int? {
        try await withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT (SELECT COUNT(*) FROM documents d WHERE d.source_id = s.id) FROM sources s WHERE s.path = \(path)
                """,
                logger: logger
            )
            for try await count in rows.decode(Int.self) { return count }
            return nil
        }
    }

    public func externalIDs(_ ids: [String], inSource path: String) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT d.external_id FROM documents d JOIN sources s ON s.id = d.source_id
                WHERE s.path = \(path) AND d.external_id = ANY(\(ids))
                """,
                logger: logger
            )
            var found: Set<String> = []
            for try await id in rows.decode(String.self) { found.insert(id) }
            return found
        }
    }

    public func sourceList(offset: Int, limit: Int) async throws -> SourceList {
        try await reading { try await $0.sourceList(offset: offset, limit: limit) }
    }

    public func size() async throws -> IndexSize {
        try await reading { snapshot in
            let counts = try await snapshot.counts(["documents", "chunks"])
            return IndexSize(documents: counts[0], chunks: counts[1], generation: try await snapshot.generation().generation)
        }
    }

    public func statistics() async throws -> IndexStatistics {
        try await reading { snapshot in
            let counts = try await snapshot.counts(["sources", "documents", "chunks"])
            return IndexStatistics(
                sources: counts[0], documents: counts[1], chunks: counts[2], terms: try await snapshot.distinctTerms()
            )
        }
    }

    public func documentKeys() async throws -> [Int64: String] {
        try await reading { try await $0.documentKeys() }
    }

    public func changeSignals() -> AsyncStream<Void>? {
        PostgresListener(
            configuration: connections.configuration, channel: PostgresSchema.channel, logger: logger,
            deadline: connections.deadline, checkInterval: min(connections.deadline, Self.listenerCheckInterval), location: name
        ).signals()
    }
}
