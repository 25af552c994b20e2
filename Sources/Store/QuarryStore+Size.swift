import GRDB

/// How many documents and chunks an index holds, at one generation.
public struct IndexSize: Sendable, Equatable {
    public var documents: Int
    public var chunks: Int
    public var generation: Int64

    public init(documents: Int, chunks: Int, generation: Int64) {
        self.documents = documents
        self.chunks = chunks
        self.generation = generation
    }
}

extension QuarryStore {
    /// The index's document and chunk counts with the generation they were read at: two
    /// row counts in one read, without the distinct-term count of ``statistics()`` that
    /// reads every chunk's terms (for health checks and metrics, which run often).
    public func size() throws -> IndexSize {
        try read { snapshot in
            IndexSize(
                documents: try Int.fetchOne(snapshot.db, sql: "SELECT COUNT(*) FROM documents") ?? 0,
                chunks: try Int.fetchOne(snapshot.db, sql: "SELECT COUNT(*) FROM chunks") ?? 0,
                generation: try snapshot.generation().generation
            )
        }
    }
}
