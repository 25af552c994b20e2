import Foundation
import GRDB
import QuarryCore
import Store
import Testing

/// Each chunk's analysed terms are one `chunk_terms` blob (``ChunkTermsCoding``): these
/// guard the coding, a file from before it (its `postings` rows carried over), and the
/// term count `quarry status` shows.
@Suite("Chunk terms")
struct ChunkTermsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-terms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func source(_ path: String, chunks: [[String: Int]]) -> NewSource {
        let newChunks = chunks.enumerated().map { index, frequencies in
            NewChunk(
                byteStart: index * 10, byteEnd: index * 10 + 9, text: "chunk \(index)", tokenCount: 3,
                termFrequencies: frequencies, termCount: frequencies.values.reduce(0, +)
            )
        }
        return NewSource(
            path: path, format: "text", sha256: "aa", byteCount: chunks.count * 10, modified: Date(),
            settings: "sentence:200",
            documents: [NewDocument(externalID: nil, title: nil, byteCount: chunks.count * 10, chunks: newChunks)]
        )
    }

    /// Frequencies past one varint byte, multi-byte UTF-8 and an empty chunk survive a
    /// round trip; a blob cut anywhere inside its last term reads as damaged, never as
    /// fewer terms.
    @Test func theCodingRoundTripsAndDetectsACutBlob() {
        let frequencies = ["straße": 1, "東京": 300, "x": 70_000, String(repeating: "a", count: 200): 2]
        let blob = ChunkTermsCoding.encode(frequencies)
        #expect(ChunkTermsCoding.decode(blob) == frequencies)
        #expect(ChunkTermsCoding.decode(ChunkTermsCoding.encode([:])) == [:])
        let single = ChunkTermsCoding.encode(["東京": 300])
        for cut in 1..<single.count {
            #expect(ChunkTermsCoding.decode(single.prefix(cut)) == nil, "cut at \(cut) of \(single.count)")
        }
    }

    /// A damaged blob is reported as a damaged file naming the chunk, not read as a
    /// chunk without terms.
    @Test func aDamagedBlobIsReported() throws {
        let url = directory.appendingPathComponent("b.quarry")
        let id = try QuarryStore(url: url, create: true).replace(source("/a.txt", chunks: [["alpha": 2]]))[0]
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "UPDATE chunk_terms SET terms = X'0205616C70' WHERE chunk_id = ?", arguments: [id]) }
        try queue.close()
        let store = try QuarryStore(url: url, create: false)
        #expect { try store.allPostings() } throws: { error in
            (error as? QuarryError)?.kind == .internal && "\(error)".contains("terms of chunk \(id) are damaged")
        }
    }

    /// A file written before `chunk_terms` keeps every chunk's terms: opening it for
    /// writing turns its `terms`/`postings` rows into blobs and drops those tables.
    @Test func aFileWithPostingRowsIsCarriedOver() throws {
        let url = directory.appendingPathComponent("old.quarry")
        let chunks = [["alpha": 2, "beta": 1], ["beta": 3, "gamma": 1], [:], ["delta": 1]]
        let ids = try QuarryStore(url: url, create: true).replace(source("/a.txt", chunks: chunks))
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE terms (id INTEGER PRIMARY KEY AUTOINCREMENT, term TEXT NOT NULL UNIQUE)")
            try db.execute(sql: """
                CREATE TABLE postings (chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
                    term_id INTEGER NOT NULL REFERENCES terms(id), tf INTEGER NOT NULL,
                    PRIMARY KEY (chunk_id, term_id)) WITHOUT ROWID
                """)
            for term in ["gamma", "alpha", "delta", "beta"] {
                try db.execute(sql: "INSERT INTO terms (term) VALUES (?)", arguments: [term])
            }
            for (id, frequencies) in zip(ids, chunks) {
                for (term, tf) in frequencies {
                    try db.execute(
                        sql: "INSERT INTO postings SELECT ?, id, ? FROM terms WHERE term = ?", arguments: [id, tf, term]
                    )
                }
            }
            try db.execute(sql: "DROP TABLE chunk_terms")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v7:%'")
        }
        try queue.close()
        let reopened = try QuarryStore(url: url, create: false)
        #expect(try reopened.allPostings().map(\.frequencies) == chunks)
        let tables = try DatabaseQueue(path: url.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('terms', 'postings')")
        }
        #expect(tables.isEmpty)
    }

    /// The term count is exact after a removal, sealed or not (PostgreSQL counts the
    /// same way, and `PostgresIndexCLITests` compares the two): a sealed dictionary's
    /// term whose chunks are gone is not counted.
    @Test func theTermCountIsExactAfterARemovalUnderASeal() throws {
        let store = try QuarryStore(url: directory.appendingPathComponent("c.quarry"), create: true)
        let first = try store.replace(source("/a.txt", chunks: [["alpha": 1, "beta": 1]]))
        try store.replace(source("/b.txt", chunks: [["beta": 1, "gamma": 2]]))
        #expect(try store.statistics().terms == 3)
        let generation = try store.read { try $0.generation().generation }
        let sealed = try store.seal(
            base: 0, generation: generation, deletions: [:],
            segment: (first, [2], [(term: "alpha", blob: [0]), (term: "beta", blob: [0])])
        )
        #expect(sealed)
        try store.remove(paths: ["/a.txt"])
        #expect(try store.statistics().terms == 2, "beta and gamma; alpha went with /a.txt")
    }
}
