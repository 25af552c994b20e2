import GRDB

/// Writes one chunk's term frequencies into `terms` and `postings` inside an open
/// transaction, caching term ids so repeated terms cost one lookup.
struct PostingsWriter {
    private let db: Database
    private var termIDs: [String: Int64] = [:]
    private let selectTerm: Statement
    private let insertTerm: Statement
    private let insertPosting: Statement

    init(db: Database) throws {
        self.db = db
        selectTerm = try db.cachedStatement(sql: "SELECT id FROM terms WHERE term = ?")
        insertTerm = try db.cachedStatement(sql: "INSERT INTO terms (term) VALUES (?)")
        insertPosting = try db.cachedStatement(
            sql: "INSERT INTO postings (chunk_id, term_id, tf) VALUES (?, ?, ?)"
        )
    }

    /// Writes the postings of chunk `chunkID`.
    mutating func write(chunkID: Int64, frequencies: [String: Int]) throws {
        for (term, frequency) in frequencies {
            try insertPosting.execute(arguments: [chunkID, try termID(term), frequency])
        }
    }

    private mutating func termID(_ term: String) throws -> Int64 {
        if let id = termIDs[term] { return id }
        let id: Int64
        if let existing = try Int64.fetchOne(selectTerm, arguments: [term]) {
            id = existing
        } else {
            try insertTerm.execute(arguments: [term])
            id = db.lastInsertedRowID
        }
        termIDs[term] = id
        return id
    }
}
