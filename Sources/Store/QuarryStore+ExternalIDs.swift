import GRDB

extension QuarryStore {
    /// Which of `ids` the source at `path` already holds as document ids (a corpus read
    /// in batches checks each batch's `_id`s against the batches written before it).
    public func externalIDs(_ ids: [String], inSource path: String) throws -> Set<String> {
        try reading { db in
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [path]) else {
                return []
            }
            var found: Set<String> = []
            // Well under SQLite's limit of bound parameters per statement.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try String.fetchAll(
                    db, sql: "SELECT external_id FROM documents WHERE source_id = ? AND external_id IN (\(marks))",
                    arguments: StatementArguments([sourceID] + slice)
                )
                found.formUnion(rows)
            }
            return found
        }
    }
}
