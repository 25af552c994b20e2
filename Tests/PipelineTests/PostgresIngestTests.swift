import Foundation
import Loaders
import Pipeline
import PostgresStore
import PostgresTestSupport
import QuarryCore
import Store
import Testing

/// The one ingest path writing into PostgreSQL: a corpus file read in batches commits one
/// transaction per batch there as on SQLite, so a crash part-way leaves whole documents
/// and a rerun resumes after them, ending with what a SQLite file holds. The tests skip,
/// saying how to run them, without `QUARRY_TEST_POSTGRES_URL`.
@Suite("Ingest into PostgreSQL")
struct PostgresIngestTests {
    struct SimulatedCrash: Error {}

    let root: URL
    let corpus: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pgingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        corpus = root.appendingPathComponent("corpus.jsonl")
        let lines = (0..<20).map { number in
            #"{"_id": "r\#(number)", "title": "Record \#(number)", "text": "Record \#(number) explains vacuum number \#(number). A second sentence about checkpoints \#(number)."}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: corpus)
    }

    /// Ingests the corpus in batches of 3 documents into `store`, throwing after the
    /// batch that brings the documents written to `crashAfter`.
    func ingest(into store: any IndexStore, crashAfter: Int? = nil) async throws -> ResumableSourceIngest.Outcome {
        let pipeline = try IngestPipeline(store: store, settings: .init())
        let path = FileSystemPath(corpus)
        let batches = ResumableSourceIngest(pipeline: pipeline, batchSize: 3, blockBytes: 64) { done in
            if let crashAfter, done >= crashAfter { throw SimulatedCrash() }
        }
        return try await batches.ingest(path, fingerprint: try DocumentLoader().fingerprint(path), path: path.description)
    }

    /// Every chunk as its document key, text and term counts, in chunk id order.
    func contents(_ store: any IndexStore) async throws -> [String] {
        let keys = try await store.documentKeys()
        return try await store.withSnapshot { snapshot in
            let ids = keys.keys.sorted()
            let chunks = try await snapshot.chunks(ids: ids)
            let terms = try await snapshot.termCounts(ids: ids)
            return zip(chunks, terms).map { chunk, terms in
                "\(keys[chunk.id] ?? "?"): \(chunk.text) \(terms.termCount) \(terms.frequencies.sorted { $0.key < $1.key })"
            }
        }
    }

    /// Guards resumable ingest on PostgreSQL: after a crash past the third batch the
    /// database holds exactly the 9 committed documents, each whole; the rerun resumes
    /// from there and the database ends holding what the same file indexed into SQLite
    /// holds (chunks, texts, term counts), every `_id` once, the source's real hash set.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func aCrashedRunResumesAndEndsAsOnSQLite() async throws {
        let database = try await PostgresTestServer.createDatabase()
        let store = try await PostgresStore.open(database, create: true)
        do {
            await #expect(throws: SimulatedCrash.self) { try await ingest(into: store, crashAfter: 9) }
            let path = FileSystemPath(corpus).description
            #expect(try await store.documentCount(ofSource: path) == 9)
            let partial = try await contents(store)
            #expect(Set(partial.map { $0.prefix(while: { $0 != ":" }) }) == Set((0..<9).map { "r\($0)"[...] }))

            let outcome = try await ingest(into: store)
            #expect(outcome.resumedFrom == 9)
            #expect(outcome.documents == 11)
            let source = try #require(try await store.source(path: path))
            #expect(!source.sha256.hasPrefix("partial:"))

            let file = try QuarryStore(url: root.appendingPathComponent("same.quarry"), create: true)
            _ = try await ingest(into: file)
            let written = try await contents(store)
            #expect(written == (try await contents(file)))
            #expect(Set(written.map { $0.prefix(while: { $0 != ":" }) }).count == 20)
        } catch {
            await store.close()
            try? await PostgresTestServer.dropDatabase(database)
            throw error
        }
        await store.close()
        try await PostgresTestServer.dropDatabase(database)
    }
}
