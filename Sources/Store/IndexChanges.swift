import GRDB

/// The write-generation bookkeeping every write transaction of a ``QuarryStore`` does:
/// bump `index_state.generation`, log the chunks added and removed, and keep the log
/// bounded.
public enum IndexChanges {
    /// How many generations of changes stay in the log; a reader further behind
    /// reloads the whole index instead of replaying.
    public static let retainedGenerations: Int64 = 2_000

    /// Records one write transaction in `db`: a new generation with these chunk
    /// changes; `denseRetrained` also invalidates readers' dense indexes. `path` names
    /// the file in errors.
    static func record(
        in db: Database, path: String, added: [Int64] = [], removed: [Int64] = [], denseRetrained: Bool = false
    ) throws {
        try db.execute(
            sql: """
                UPDATE index_state SET generation = generation + 1,
                    dense_generation = CASE WHEN ? THEN generation + 1 ELSE dense_generation END
                WHERE id = 1
                """,
            arguments: [denseRetrained]
        )
        guard let generation = try Int64.fetchOne(db, sql: "SELECT generation FROM index_state WHERE id = 1") else {
            throw StoreFailure.corrupt(path: path, "it has no index_state row")
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO changes (generation, chunk_id, added) VALUES (?, ?, ?)")
        for id in removed { try insert.execute(arguments: [generation, id, 0]) }
        for id in added { try insert.execute(arguments: [generation, id, 1]) }
        let oldest = generation - retainedGenerations
        if oldest > 1, generation % 100 == 0 {
            try db.execute(sql: "DELETE FROM changes WHERE generation < ?", arguments: [oldest])
            try db.execute(sql: "UPDATE index_state SET log_start = max(log_start, ?) WHERE id = 1", arguments: [oldest])
        }
    }
}
