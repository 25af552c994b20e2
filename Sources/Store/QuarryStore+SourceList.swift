import GRDB

/// One indexed source with what it holds, as the web page's document list shows it.
public struct SourceSummary: Sendable, Equatable {
    public var path: String
    public var format: String
    /// The source's size in bytes as indexed.
    public var bytes: Int
    public var documents: Int
    public var chunks: Int
    /// When it was indexed, in seconds since 1970.
    public var indexedAt: Double

    public init(path: String, format: String, bytes: Int, documents: Int, chunks: Int, indexedAt: Double) {
        self.path = path
        self.format = format
        self.bytes = bytes
        self.documents = documents
        self.chunks = chunks
        self.indexedAt = indexedAt
    }
}

/// A page of the index's sources, with the total and the generation it was read at.
public struct SourceList: Sendable, Equatable {
    public var sources: [SourceSummary]
    public var total: Int
    public var generation: Int64

    public init(sources: [SourceSummary], total: Int, generation: Int64) {
        self.sources = sources
        self.total = total
        self.generation = generation
    }
}

extension QuarryStore {
    /// At most `limit` sources ordered by path, from the `offset`-th on, each with its
    /// document and chunk counts, read in one snapshot.
    public func sourceList(offset: Int, limit: Int) throws -> SourceList {
        try read { snapshot in
            let rows = try Row.fetchAll(
                snapshot.db,
                sql: """
                    SELECT s.path, s.format, s.bytes, s.indexed_at,
                           (SELECT COUNT(*) FROM documents d WHERE d.source_id = s.id),
                           (SELECT COUNT(*) FROM chunks c JOIN documents d ON d.id = c.document_id
                            WHERE d.source_id = s.id)
                    FROM sources s ORDER BY s.path LIMIT ? OFFSET ?
                    """,
                arguments: [limit, offset]
            )
            return SourceList(
                sources: rows.map { row in
                    SourceSummary(
                        path: row[0], format: row[1], bytes: row[2], documents: row[4], chunks: row[5],
                        indexedAt: row[3]
                    )
                },
                total: try Int.fetchOne(snapshot.db, sql: "SELECT COUNT(*) FROM sources") ?? 0,
                generation: try snapshot.generation().generation
            )
        }
    }
}
