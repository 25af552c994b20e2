import Foundation
import Pipeline
import PostgresStore
import PostgresTestSupport
import QuarryCore
import Store
import Testing

/// An index in PostgreSQL opened for queries (`QuarryIndex.open(shared:)`): its state
/// is built in memory from the database and kept current from the change log. These
/// skip, saying how to run them, without `QUARRY_TEST_POSTGRES_URL`.
extension DenseRetrievalTests {
    /// Guards PostgreSQL as a second home for the same index: 320 Cranfield abstracts
    /// embedded into a file and into a database, each with its product-quantised dense
    /// index trained by its own maintainer (`PQ48,Refine(10)`, so ranking re-scores with
    /// vectors fetched from the database between two rankings), rank every question the
    /// same by BM25, dense and hybrid retrieval: the same chunks, scores and texts.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func aSharedIndexRanksAsTheFileDoes() async throws {
        let corpus = try cranfield("shared.jsonl", offset: 0, count: 320)
        let settings = IndexSettings(denseSpec: "PQ48,Refine(10)")
        let url = root.appendingPathComponent("same.quarry")
        let fileReport = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: settings, embedder: embedder)
            .run(paths: [corpus])
        try await PostgresTestServer.withDatabase { database in
            let store = try await PostgresStore.open(database, create: true)
            let report = try await IngestPipeline(store: store, settings: settings, embedder: embedder).run(paths: [corpus])
            #expect(report.dense == fileReport.dense, "trained and encoded alike")
            #expect(report.dense?.spec == "PQ48,Refine(10)")
            let shared = try await QuarryIndex.open(shared: store, kind: .hybrid, embedder: embedder)
            let file = try QuarryIndex.open(url, kind: .hybrid, embedder: embedder)
            for question in ["boundary layer transition on a flat plate", "heat transfer in hypersonic flow",
                             "pressure distribution on a cone at incidence", "buckling of thin cylindrical shells"] {
                for kind in RetrieverKind.allCases {
                    let fromDatabase = try await shared.retriever(kind).retrieve(question, k: 10)
                    let fromFile = try await file.retriever(kind).retrieve(question, k: 10)
                    #expect(fromDatabase.chunks.count == 10, "\(kind) \(question)")
                    #expect(Self.hits(fromDatabase) == Self.hits(fromFile), "\(kind) \(question)")
                    #expect(fromDatabase.chunks.map(\.text) == fromFile.chunks.map(\.text), "\(kind) \(question)")
                }
            }
            await store.close()
        }
    }

    /// Guards following another node: an index opened on one connection and following
    /// the change log answers with a document another node (a second store on the same
    /// database) wrote after the open, by words and by meaning, within a second, and
    /// stops answering with it within a second of that node removing it; an index that
    /// does not follow has it once it catches up.
    @Test(.enabled(if: PostgresTestServer.configuredURL != nil, Comment(rawValue: PostgresTestServer.howToRun)))
    func aSharedIndexFollowsAnotherNodesWrites() async throws {
        try await PostgresTestServer.withDatabase { database in
            let first = try await PostgresStore.open(database, create: true)
            let second = try await PostgresStore.open(database, create: false)
            _ = try await IngestPipeline(store: first, settings: .init(), embedder: embedder)
                .run(paths: [try cranfield("before.jsonl", offset: 0, count: 40)])
            let following = try await QuarryIndex.open(shared: first, kind: .hybrid, embedder: embedder, following: true)
            let still = try await QuarryIndex.open(shared: first, kind: .hybrid, embedder: embedder)
            let question = "How do sourdough starters leaven bread?"
            let note = root.appendingPathComponent("bread.txt")
            try Data("A sourdough starter leavens bread with wild yeast and lactic acid bacteria.\n".utf8).write(to: note)
            func top(_ index: QuarryIndex, _ kind: RetrieverKind) async throws -> String? {
                try await index.retriever(kind).retrieve(question, k: 1).chunks.first?.document
            }

            _ = try await IngestPipeline(store: second, settings: .init(), embedder: embedder).run(paths: [note])
            for kind in [RetrieverKind.bm25, .dense] {
                let seen = try await secondsUntil { try await top(following, kind) == note.path }
                #expect(seen != nil && seen! <= 1, "\(kind) saw the other node's write after \(String(describing: seen)) s")
            }
            #expect(try await top(still, .bm25) != note.path, "an index that does not follow stays as opened")
            try await still.catchUp()
            #expect(try await top(still, .bm25) == note.path, "until it catches up")

            try await second.remove(paths: [note.path])
            for kind in [RetrieverKind.bm25, .dense] {
                let gone = try await secondsUntil { try await top(following, kind) != note.path }
                #expect(gone != nil && gone! <= 1, "\(kind) saw the removal after \(String(describing: gone)) s")
            }
            await first.close()
            await second.close()
        }
    }
}
