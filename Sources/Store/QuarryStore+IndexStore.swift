import Foundation
import GRDB
import QuarryCore

/// SQLite's ``QuarryStore`` as an ``IndexStore``: its synchronous methods already meet the
/// protocol's writes and source reads (they run on the calling thread, as they do for
/// today's callers); snapshots read through a GRDB `DatabaseSnapshot` (one reader
/// connection holding one WAL read transaction) off Swift's cooperative threads.
extension QuarryStore: IndexStore {
    public var location: IndexLocation { .sqlite(url) }

    public func withSnapshot<T: Sendable>(_ body: (any IndexSnapshot) async throws -> T) async throws -> T {
        // An immutable read-only file (a DatabaseQueue) reads the same whenever it is read.
        let reader: any DatabaseReader
        if let pool = pool as? DatabasePool {
            reader = try translatingErrors { try pool.makeSnapshot() }
        } else {
            reader = pool
        }
        return try await body(SQLiteSnapshot(reader: reader, path: url.path))
    }

    public func updateDenseIndex(_ update: DenseIndexUpdate, ifDenseGeneration denseGeneration: Int64) throws -> Bool {
        try updateDenseIndex { transaction in
            guard try transaction.snapshot.generation().denseGeneration == denseGeneration else { return false }
            switch update {
            case .replace(let parameters, let trainedCount, let codes):
                try transaction.replace(
                    parameters: parameters, trainedCount: trainedCount, codes: try existing(codes, in: transaction.db)
                )
            case .add(let codes):
                try transaction.add(try existing(codes, in: transaction.db))
            case .clear:
                try transaction.clear()
            }
            return true
        }
    }

    /// SQLite wakes no one: followers poll the generation.
    public func changeSignals() -> AsyncStream<Void>? { nil }

    /// Nothing to do: the file's connections close with the store.
    public func close() async {}

    /// The codes among `codes` whose chunk still exists.
    private func existing(_ codes: [DenseCode], in db: Database) throws -> [DenseCode] {
        guard !codes.isEmpty else { return [] }
        let ids = Set(try Int64.fetchAll(db, sql: "SELECT id FROM chunks"))
        return codes.filter { ids.contains($0.chunkID) }
    }
}

/// One ``IndexSnapshot`` of an index file: every read goes through the same GRDB
/// snapshot, so all of them see one generation.
struct SQLiteSnapshot: IndexSnapshot {
    let reader: any DatabaseReader
    let path: String

    private func read<T: Sendable>(_ body: @escaping @Sendable (StoreSnapshot) throws -> T) async throws -> T {
        let path = path
        do {
            return try await reader.read { db in try body(StoreSnapshot(db: db, path: path)) }
        } catch let error as DatabaseError {
            throw StoreFailure.database(error, path: path)
        }
    }

    func generation() async throws -> IndexGeneration { try await read { try $0.generation() } }

    func changes(since: Int64) async throws -> ChunkChanges { try await read { try $0.changes(since: since) } }

    func chunkIDs() async throws -> [Int64] {
        try await read { snapshot in try Int64.fetchAll(snapshot.db, sql: "SELECT id FROM chunks ORDER BY id") }
    }

    func termCounts(ids: [Int64]?) async throws -> [ChunkPostings] { try await read { try $0.postings(ids: ids) } }

    func vectorChunkIDs() async throws -> [Int64] { try await read { try $0.vectorChunkIDs() } }

    func chunks(ids: [Int64]) async throws -> [StoredChunk] { try await read { try $0.chunks(ids: ids) } }

    func surprisal(ids: [Int64]) async throws -> [Int64: TokenSurprisal] {
        try await read { try $0.surprisal(ids: ids) }
    }

    func vectors(for ids: [Int64]) async throws -> [[Float]?] { try await read { try $0.vectors(for: ids) } }

    func vectorBlobs(ids: [Int64]?, withoutCodes: Bool) async throws -> [VectorRecord] {
        try await read { snapshot in
            try snapshot.vectorBlobs(ids: ids, withoutCodes: withoutCodes).map { VectorRecord(chunkID: $0.chunkID, blob: $0.blob) }
        }
    }

    func vectorCount() async throws -> Int { try await read { try $0.vectorCount() } }

    func denseParameters() async throws -> DenseParameters? {
        try await read { snapshot in
            try snapshot.denseParameters().map { DenseParameters(parameters: $0.parameters, trainedCount: $0.trainedCount) }
        }
    }

    func denseCodes() async throws -> [DenseCode] { try await read { try $0.denseCodes() } }

    func meta(_ key: String) async throws -> String? { try await read { try $0.meta(key) } }
}
