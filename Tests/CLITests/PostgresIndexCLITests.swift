import Foundation
import PostgresStore
import PostgresTestSupport
import Store
import Testing

/// `--index postgres://…` on the command line: `quarry index` writes a folder into
/// PostgreSQL, `quarry status` reports it and `quarry ask` answers from it as from a
/// file (the tests skip, saying how to run them, without `QUARRY_TEST_POSTGRES_URL`).
@Suite("--index postgres://")
struct PostgresIndexCLITests {
    let quarry: QuarryBinary
    let directory: URL

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pgcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Guards `status` on PostgreSQL: the counts and settings of what a node wrote, in
    /// text and JSON, and the password kept out of what is printed.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func statusReportsAnIndexInPostgres() async throws {
        try await PostgresTestServer.withDatabase { database in
            let store = try await PostgresStore.open(database, create: true)
            try await store.replace(Self.source("/notes/a.txt", documents: 2))
            try await store.replace(Self.source("/notes/b.txt", documents: 1))
            try await store.setMeta("settings", "sentence:200")
            await store.close()
            let url = database.testURL

            let text = try quarry.run(["status", "--index", url], in: directory)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("2 files, 3 documents, 9 chunks, 5 terms"), "\(text.stdout)")
            #expect(text.stdout.contains("settings: sentence:200"), "\(text.stdout)")
            #expect(text.stdout.contains("BLAS core"), "\(text.stdout)")
            if let password = database.password {
                #expect(!text.stdout.contains(password) && !text.stderr.contains(password), "the password stays out of the output")
            }

            let json = try quarry.run(["status", "--index", url, "--json"], in: directory)
            #expect(json.status == 0, "\(json.stderr)")
            let report = try #require(json.json, "not JSON: \(json.stdout)")
            #expect(report["index_exists"] as? Bool == true)
            #expect(report["sources"] as? Int == 2)
            #expect(report["documents"] as? Int == 3)
            #expect(report["chunks"] as? Int == 9)
        }
    }

    /// Guards `status` on a database without an index (exit 0, as for a missing file,
    /// creating nothing) and on a server that is not there (exit 1 saying what to do).
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func statusWithoutAnIndexOrAServer() async throws {
        try await PostgresTestServer.withDatabase { database in
            let json = try quarry.run(["status", "--index", database.testURL, "--json"], in: directory)
            #expect(json.status == 0, "\(json.stderr)")
            #expect(try #require(json.json, "not JSON: \(json.stdout)")["index_exists"] as? Bool == false)
            let text = try quarry.run(["status", "--index", database.testURL], in: directory)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("no index in this database"), "\(text.stdout)")
            await #expect(throws: (any Error).self, "status created no index") {
                try await PostgresStore.open(database, create: false)
            }
        }

        // Port 1 on loopback: nothing listens there.
        let away = try quarry.run(["status", "--index", "postgres://quarry@127.0.0.1:1/quarry?sslmode=disable"], in: directory)
        #expect(away.status == 1, "\(away.stdout) \(away.stderr)")
        #expect(away.stderr.contains("cannot be reached"), "\(away.stderr)")
        #expect(!away.stderr.contains("internal error"), "\(away.stderr)")
    }

    /// Guards `quarry index` into PostgreSQL end to end: a folder of notes and a BEIR
    /// corpus (written in batches) gives the same sources, documents, chunks and terms as
    /// the same folder indexed into a SQLite file; a re-run skips every file and writes
    /// nothing (the chunk ids and the generation stay); a deleted file is removed as on
    /// SQLite.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func indexWritesAFolderAsIntoAFile() async throws {
        let docs = try notes()
        let corpus = (0..<30).map { number in
            #"{"_id": "c\#(number)", "title": "Record \#(number)", "text": "Record \#(number) is about replication slot \#(number)."}"#
        }
        try Data((corpus.joined(separator: "\n") + "\n").utf8).write(to: docs.appendingPathComponent("corpus.jsonl"))

        try await PostgresTestServer.withDatabase { database in
            let url = database.testURL
            let first = try quarry.run(["index", "docs", "--index", url, "--embedder", "none"], in: directory)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("indexed 3, skipped 0 unchanged, removed 0, failed 0"), "\(first.stdout)")
            if let password = database.password {
                #expect(!first.stdout.contains(password) && !first.stderr.contains(password), "the password stays out")
            }
            let file = try quarry.run(["index", "docs", "--index", "same.quarry", "--embedder", "none"], in: directory)
            #expect(file.status == 0, "\(file.stderr)")
            let inPostgres = try #require(try quarry.run(["status", "--index", url, "--json"], in: directory).json)
            let inFile = try #require(try quarry.run(["status", "--index", "same.quarry", "--json"], in: directory).json)
            for count in ["sources", "documents", "chunks", "terms"] {
                #expect(inPostgres[count] as? Int == inFile[count] as? Int, "\(count): \(inPostgres) vs \(inFile)")
            }
            #expect(inPostgres["sources"] as? Int == 3)
            #expect(inPostgres["documents"] as? Int == 32)

            let store = try await PostgresStore.open(database, create: false)
            let before = try await store.documentKeys()
            let generation = try await store.currentGeneration().generation
            let again = try quarry.run(["index", "docs", "--index", url, "--embedder", "none"], in: directory)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("indexed 0, skipped 3 unchanged, removed 0"), "\(again.stdout)")
            #expect(try await store.documentKeys() == before, "a re-run rewrites no chunk")
            #expect(try await store.currentGeneration().generation == generation, "a re-run writes nothing at all")

            try FileManager.default.removeItem(at: docs.appendingPathComponent("checkpoints.txt"))
            let removed = try quarry.run(["index", "docs", "--index", url, "--embedder", "none"], in: directory)
            #expect(removed.stdout.contains("indexed 0, skipped 2 unchanged, removed 1"), "\(removed.stdout)")
            _ = try quarry.run(["index", "docs", "--index", "same.quarry", "--embedder", "none"], in: directory)
            let afterPostgres = try #require(try quarry.run(["status", "--index", url, "--json"], in: directory).json)
            let afterFile = try #require(try quarry.run(["status", "--index", "same.quarry", "--json"], in: directory).json)
            for count in ["sources", "documents", "chunks", "terms"] {
                #expect(afterPostgres[count] as? Int == afterFile[count] as? Int, "\(count): \(afterPostgres) vs \(afterFile)")
            }
            await store.close()
        }
    }

    /// Guards `ask` on PostgreSQL end to end: a folder indexed with the default local
    /// embedder into a database and into a file answers each question the same way by
    /// hybrid (the default), BM25 and dense retrieval: the same answer, the same
    /// retrieved chunks with the same scores, the same citations; and the password stays
    /// out of what is printed.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func askAnswersFromPostgresAsFromAFile() async throws {
        let docs = try notes()
        try Data("A partial index covers only the rows that satisfy its WHERE predicate.\n".utf8)
            .write(to: docs.appendingPathComponent("partial.txt"))
        try await PostgresTestServer.withDatabase { database in
            let url = database.testURL
            let indexed = try quarry.run(["index", "docs", "--index", url], in: directory)
            #expect(indexed.status == 0, "\(indexed.stderr)")
            #expect(indexed.stdout.contains("dense index Flat: 3 vectors"), "\(indexed.stdout)")
            let file = try quarry.run(["index", "docs", "--index", "same.quarry"], in: directory)
            #expect(file.status == 0, "\(file.stderr)")
            for question in ["What reclaims dead rows?", "When is the WAL replayed?", "What does a partial index cover?"] {
                for retriever in [[], ["--retriever", "bm25"], ["--retriever", "dense"]] {
                    let fromDatabase = try quarry.run(["ask", question, "--index", url, "--json"] + retriever, in: directory)
                    let fromFile = try quarry.run(["ask", question, "--index", "same.quarry", "--json"] + retriever, in: directory)
                    #expect(fromDatabase.status == 0, "\(fromDatabase.stderr)")
                    let inDatabase = try #require(fromDatabase.json, "not JSON: \(fromDatabase.stdout)")
                    let inFile = try #require(fromFile.json, "not JSON: \(fromFile.stdout)")
                    #expect((inDatabase["retrieved"] as? [Any])?.isEmpty == false, "\(question) \(retriever)")
                    for key in ["answer", "retrieved", "citations", "best_similarity"] {
                        #expect(
                            try Self.canonical(inDatabase[key]) == Self.canonical(inFile[key]), "\(question) \(retriever) \(key)"
                        )
                    }
                    if let password = database.password {
                        #expect(!fromDatabase.stdout.contains(password) && !fromDatabase.stderr.contains(password))
                    }
                }
            }
        }
    }

    /// Guards `ask` on a database without an index: exit 1 saying to build one, nothing
    /// created, the password kept out.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func askWithoutAnIndexSaysToBuildOne() async throws {
        try await PostgresTestServer.withDatabase { database in
            let outcome = try quarry.run(["ask", "what is it?", "--index", database.testURL, "--retriever", "bm25"], in: directory)
            #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stderr.contains("quarry index"), "\(outcome.stderr)")
            if let password = database.password { #expect(!outcome.stderr.contains(password)) }
            await #expect(throws: (any Error).self, "ask created no index") {
                try await PostgresStore.open(database, create: false)
            }
        }
    }

    /// A `docs` folder of two notes (on VACUUM and on checkpoints).
    private func notes() throws -> URL {
        let docs = directory.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("# Vacuum\n\nVacuum reclaims the space of dead rows. Autovacuum runs it by itself.\n".utf8)
            .write(to: docs.appendingPathComponent("vacuum.md"))
        try Data("Checkpoints write dirty pages to disk. The WAL is replayed from the last one.\n".utf8)
            .write(to: docs.appendingPathComponent("checkpoints.txt"))
        return docs
    }

    /// `value` as JSON with sorted keys, to compare two answers' fields.
    private static func canonical(_ value: Any?) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [value ?? NSNull()], options: [.sortedKeys]), as: UTF8.self)
    }


    /// A source of `documents` documents of three chunks each.
    private static func source(_ path: String, documents: Int) -> NewSource {
        let chunks = (0..<3).map { index in
            let text = "chunk \(index) of \(path)"
            return NewChunk(
                byteStart: index * 40, byteEnd: index * 40 + text.utf8.count, text: text, tokenCount: 4,
                termFrequencies: ["chunk": 1, "of": 1, "\(index)": 1], termCount: 4, vector: nil, surprisal: nil
            )
        }
        return NewSource(
            path: path, format: "text", sha256: "sha-\(path)", byteCount: 120, modified: Date(timeIntervalSince1970: 1_700_000_000),
            settings: "sentence:200",
            documents: (0..<documents).map { NewDocument(externalID: nil, title: "\(path) \($0)", byteCount: 120, chunks: chunks) }
        )
    }
}
