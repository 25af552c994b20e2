import Foundation
import GRDB
import QuarryCore

/// One index file: a SQLite database in WAL mode holding sources, documents, chunks
/// and the BM25 postings.
///
/// Every write of a source happens in one transaction, so a crash or a kill at any
/// point leaves the previous state readable, and re-running the same ingest finishes
/// the job. Readers run concurrently with one writer (`DatabasePool`).
public final class QuarryStore: Sendable {
    /// The index file.
    public let url: URL
    /// The connections; reached only through ``reading(_:)``, ``writing(_:)``,
    /// ``unsafeReading(_:)`` and the ``IndexStore`` snapshots, which word SQLite's errors
    /// for the user.
    let pool: any DatabaseWriter
    /// The last write's failure, when it was the machine's; nil after a write succeeds.
    private let writeFailure = LockedValue<QuarryError?>(nil)

    /// Whether the file was opened read-only (it, or its folder, is not writable):
    /// queries work, writes throw.
    public let isReadOnly: Bool

    /// Seconds a statement waits for another process's lock before it fails as locked.
    static let busyTimeout = 10

    /// Opens the index file at `url`, creating it (and its folder) when `create` is true.
    /// A file this process may not write is opened read-only. A file written by a newer
    /// Quarry, or one that is not an index, is refused with a message saying what to do.
    public init(url: URL, create: Bool) throws {
        self.url = url
        let fileManager = FileManager.default
        let exists = fileManager.fileExists(atPath: url.path)
        if !exists {
            guard create else {
                throw QuarryError(.notFound, "\(url.path): no index here; build one with `quarry index PATH… --index \(url.path)`")
            }
            do {
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw QuarryError(.invalidInput, "\(url.path): cannot create its folder (\(error.localizedDescription)); choose another --index path")
            }
        }
        let folder = url.deletingLastPathComponent().path
        isReadOnly = exists && (!fileManager.isWritableFile(atPath: url.path) || !fileManager.isWritableFile(atPath: folder))
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(TimeInterval(Self.busyTimeout))
        configuration.readonly = isReadOnly
        if !isReadOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        pool = try Self.open(url: url, configuration: configuration, readOnly: isReadOnly)
    }

    private static func open(url: URL, configuration: Configuration, readOnly: Bool) throws -> any DatabaseWriter {
        let migrator = StoreSchema.migrator
        // Two processes creating one new index race on its schema; the loser finds the
        // winner's migrations applied when it tries again. A file another process keeps
        // locked is not a race: once the busy timeout has passed, the open fails (each
        // attempt can wait the whole timeout, and twenty of them kept `quarry index`
        // behind a lock for over three minutes instead of saying so).
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try connect(url: url, configuration: configuration, readOnly: readOnly)
                let (superseded, complete) = try pool.read { db in
                    (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
                }
                if superseded {
                    throw QuarryError(
                        .conflict,
                        "\(url.path) was written by a newer Quarry (its schema has migrations this build does not know); "
                            + "use that Quarry, or index into a new --index file"
                    )
                }
                if !complete {
                    guard !readOnly else {
                        throw QuarryError(
                            .invalidInput,
                            "\(url.path) needs a schema upgrade but is read-only; open it once with write access (quarry status), or copy it somewhere writable"
                        )
                    }
                    try migrator.migrate(pool)
                }
                return pool
            } catch let error as DatabaseError {
                let racing = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                    || (error.message ?? "").contains("already exists")
                if racing && attempt < 20 && ContinuousClock.now - started < .seconds(busyTimeout) {
                    Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
                    continue
                }
                throw StoreFailure.database(error, path: url.path)
            }
        }
    }

    /// A pool of connections (WAL: readers beside one writer), or, for a read-only
    /// file in a folder this process cannot write and with no write-ahead log beside it
    /// (where SQLite could not create its shared-memory file), one connection that
    /// reads the file as immutable: as of when it was opened.
    private static func connect(url: URL, configuration: Configuration, readOnly: Bool) throws -> any DatabaseWriter {
        let folder = url.deletingLastPathComponent().path
        let manager = FileManager.default
        guard readOnly, !manager.isWritableFile(atPath: folder), !manager.fileExists(atPath: url.path + "-wal") else {
            return try DatabasePool(path: url.path, configuration: configuration)
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        let escaped = url.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? url.path
        return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }

    /// `body` in a read transaction.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors { try pool.read(body) }
    }

    /// `body` in a write transaction (waiting up to 10 s for another writer); a failure
    /// of the machine's (``QuarryError/Kind/unavailable``) is kept for ``writeProblem``
    /// until a write succeeds.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            let value = try translatingErrors { try pool.write(body) }
            writeFailure.set(nil)
            return value
        } catch let error as QuarryError where error.kind == .unavailable {
            writeFailure.set(error)
            throw error
        }
    }

    /// Why a write would fail, as far as this process knows: the file was opened
    /// read-only, or the last write failed for a reason of the machine's (locked, disk
    /// full, damaged) and none has succeeded since; nil when writes work.
    public var writeProblem: QuarryError? {
        isReadOnly ? StoreFailure.readOnly(path: url.path, "(opened read-only)") : writeFailure.get()
    }

    /// `body` on a reader connection without a transaction.
    func unsafeReading<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors { try pool.unsafeRead(body) }
    }

    /// `body`, with SQLite's errors as the ``QuarryError``s of ``StoreFailure/database(_:path:)``.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreFailure.database(error, path: url.path)
        }
    }

    /// Runs `body` on one consistent snapshot of the index (a read transaction).
    public func read<T>(_ body: (StoreSnapshot) throws -> T) throws -> T {
        try reading { db in try body(StoreSnapshot(db: db, path: url.path)) }
    }

    /// The index's current write generation.
    public func generation() throws -> IndexGeneration {
        try read { try $0.generation() }
    }

    /// The current write generation number alone, read with one cached statement and
    /// no transaction: the cheap check a reader makes before each query.
    public func generationNumber() throws -> Int64 {
        try unsafeReading { db in
            guard let generation = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT generation FROM index_state WHERE id = 1")
            ) else { throw StoreFailure.corrupt(path: url.path, "it has no index_state row") }
            return generation
        }
    }

    // MARK: - Sources

    /// The source indexed from `path`, if any.
    public func source(path: String) throws -> SourceRecord? {
        try reading { db in
            try SourceRecord.fetchOne(db, sql: "SELECT * FROM sources WHERE path = ?", arguments: [path])
        }
    }

    /// Every indexed source, ordered by path.
    public func sources() throws -> [SourceRecord] {
        try reading { db in
            try SourceRecord.fetchAll(db, sql: "SELECT * FROM sources ORDER BY path")
        }
    }

    /// Replaces everything indexed from `source.path` with `source`, in one transaction.
    /// Returns the ids of the chunks written.
    @discardableResult
    public func replace(_ source: NewSource) throws -> [Int64] {
        try writing { db in
            let replaced = try Self.chunkIDs(ofSource: source.path, in: db)
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
            let chunkIDs = try Self.insert(source.documents, sourceID: db.lastInsertedRowID, in: db)
            try IndexChanges.record(in: db, path: url.path, added: chunkIDs, removed: replaced)
            return chunkIDs
        }
    }

    /// Removes the sources at `paths` with all their rows, in one transaction.
    /// Returns the ids of the chunks removed.
    @discardableResult
    public func remove(paths: [String]) throws -> [Int64] {
        guard !paths.isEmpty else { return [] }
        return try writing { db in
            var removed: [Int64] = []
            for path in paths {
                removed += try Self.chunkIDs(ofSource: path, in: db)
                try db.execute(sql: "DELETE FROM sources WHERE path = ?", arguments: [path])
            }
            try IndexChanges.record(in: db, path: url.path, removed: removed)
            return removed
        }
    }

    // MARK: - Reading

    /// Every chunk's postings, to build the in-memory BM25 index.
    public func allPostings() throws -> [ChunkPostings] {
        try read { try $0.postings() }
    }

    /// The chunks with the given ids, in the order of `ids` (missing ids are skipped).
    public func chunks(ids: [Int64]) throws -> [StoredChunk] {
        try read { try $0.chunks(ids: ids) }
    }

    private static func chunkIDs(ofSource path: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
                JOIN sources s ON s.id = d.source_id WHERE s.path = ?
                """,
            arguments: [path]
        )
    }

    /// Every chunk's document key (the external id, such as a BEIR `_id`, or else the
    /// source path), for mapping retrieved chunks to judged documents in evaluation.
    public func documentKeys() throws -> [Int64: String] {
        try reading { db in
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
        try read { snapshot in
            let db = snapshot.db
            return IndexStatistics(
                sources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sources") ?? 0,
                documents: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0,
                chunks: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks") ?? 0,
                terms: try snapshot.termCount()
            )
        }
    }

    // MARK: - Settings

    /// The value stored under `key` in the index's metadata.
    public func meta(_ key: String) throws -> String? {
        try read { try $0.meta(key) }
    }

    /// Stores `value` under `key` in the index's metadata.
    public func setMeta(_ key: String, _ value: String) throws {
        try writing { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value]
            )
            try IndexChanges.record(in: db, path: url.path)
        }
    }
}
