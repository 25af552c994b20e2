import QuarryCore
import Embedding
import Foundation
import Generation
import GRDB
import Models
import Pipeline
import Selection
import SparseIndex
import Store
import Testing

/// The dense half of the pipeline with the real MiniLM model (fetched by
/// `Deploy/fetch-models.sh`): embeddings stored per chunk, the dense index trained,
/// persisted, grown and searched, and fused with BM25.
@Suite("Dense and hybrid retrieval")
struct DenseRetrievalTests {
    let embedder: LocalBertEmbedder
    let root: URL

    init() throws {
        embedder = try LocalBertEmbedder()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-dense-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// The first `count` Cranfield abstracts from `offset` as a BEIR JSONL file.
    func cranfield(_ name: String, offset: Int, count: Int) throws -> URL {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/datasets/cranfield/corpus.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        let url = root.appendingPathComponent(name)
        try Data(lines[offset..<offset + count].joined(separator: "\n").utf8).write(to: url)
        return url
    }

    @Test func smallCollectionsGetAnExactIndexAndHybridIsTheDefault() async throws {
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        let report = try await IngestPipeline(store: store, settings: .init(), embedder: embedder).run(paths: [corpus.docs])
        let dense = try #require(report.dense)
        #expect(dense.spec == "Flat")
        #expect(dense.vectors == (try store.statistics().chunks))

        let index = try QuarryIndex.open(corpus.index, embedder: embedder)
        #expect(index.kind == .hybrid)
        let hits = try await index.rank("How do readers and writers avoid blocking each other?", k: 3)
        let top = try index.file!.chunks(ids: [try #require(hits.first).id])
        #expect(top.first?.document.hasSuffix("mvcc.md") == true)

        // A question with no word in common with the corpus: BM25 finds nothing, dense still ranks.
        let bm25 = try QuarryIndex.open(corpus.index, kind: .bm25)
        #expect(try await bm25.rank("zebra giraffe", k: 3).isEmpty)
        let denseOnly = try QuarryIndex.open(corpus.index, kind: .dense, embedder: embedder)
        #expect(try await denseOnly.rank("zebra giraffe", k: 3).count == 3)
    }

    @Test func quantizedIndexPersistsGrowsAndForgetsRemovedChunks() async throws {
        let url = root.appendingPathComponent("pq.quarry")
        let store = try QuarryStore(url: url, create: true)
        var settings = IndexSettings(targetTokens: 8192)
        settings.denseSpec = "IVF4,PQ8,RFlat"
        let first = try cranfield("a.jsonl", offset: 0, count: 300)
        let pipeline = try IngestPipeline(store: store, settings: settings, embedder: embedder)
        let trained = try await #require(try pipeline.run(paths: [first]).dense)
        #expect(trained.trained)
        #expect(trained.encoded == 300)
        #expect(trained.spec == "IVF4,PQ8,Refine(10)")

        // A second file is encoded with the trained parameters, not retrained.
        let second = try cranfield("b.jsonl", offset: 300, count: 40)
        let grown = try await #require(try pipeline.run(paths: [first, second]).dense)
        #expect(!grown.trained)
        #expect(grown.encoded == 40)
        #expect(try store.denseCodes().count == 340)

        // Reopened from SQLite, the index finds a document by its own text.
        let reopened = try QuarryIndex.open(url, kind: .dense, embedder: embedder)
        let probe = try store.chunks(ids: [try #require(try store.denseCodes().last).chunkID])[0]
        let hits = try await reopened.rank(probe.text, k: 5)
        #expect(hits.first?.id == probe.id)

        // Removing a file removes its vectors and codes.
        try store.remove(paths: [second.standardizedFileURL.path])
        #expect(try store.denseCodes().count == 300)
        #expect(try store.vectorCount() == 300)
        let after = try QuarryIndex.open(url, kind: .dense, embedder: embedder)
        // Five neighbours still come back (dense search always has some), none of them the probe.
        let remaining = try await after.rank(probe.text, k: 5)
        #expect(remaining.count == 5)
        #expect(remaining.allSatisfy { $0.id != probe.id })
    }

    /// Ids and scores of the dense top 10 for each probe.
    func rankings(_ url: URL, probes: [String]) async throws -> [[String]] {
        let index = try QuarryIndex.open(url, kind: .dense, embedder: embedder)
        var result: [[String]] = []
        for probe in probes {
            result.append(try await index.rank(probe, k: 10).map { "\($0.id):\($0.score)" })
        }
        return result
    }

    /// Guards the sealed dense lists an open reads instead of a million code rows
    /// (`dense_lists`, written by the maintainer) and the replay of the change log on
    /// them: after a file is added (too few codes to seal again) and another removed, an
    /// open from the seal ranks every probe exactly as an open that reads the code rows
    /// (the seal deleted).
    @Test func anOpenFromTheSealEqualsOneFromTheRows() async throws {
        let url = root.appendingPathComponent("seal.quarry")
        let store = try QuarryStore(url: url, create: true)
        var settings = IndexSettings(targetTokens: 8192)
        settings.denseSpec = "IVF4,PQ8,Refine(10)"
        let pipeline = try IngestPipeline(store: store, settings: settings, embedder: embedder)
        let first = try cranfield("a.jsonl", offset: 0, count: 300)
        let second = try cranfield("b.jsonl", offset: 300, count: 40)
        let third = try cranfield("c.jsonl", offset: 340, count: 30)
        _ = try await pipeline.run(paths: [first, second])
        let sealed = try #require(try store.read { try $0.denseSeal() })
        #expect(sealed.entries == 340, "training seals every code")

        let grown = try await #require(try pipeline.run(paths: [first, second, third]).dense)
        #expect(grown.encoded == 30)
        try store.remove(paths: [second.standardizedFileURL.path])
        let kept = try store.read { try $0.denseSeal() }
        #expect(kept == sealed, "30 codes are too few to seal again")

        let probes = try store.chunks(ids: Array(try store.denseCodes().map(\.chunkID).suffix(40))).map(\.text)
        let fromSeal = try await rankings(url, probes: probes)
        let queue = try DatabaseQueue(path: url.path)
        try await queue.write { db in try db.execute(sql: "DELETE FROM dense_seal") }
        try queue.close()
        let fromRows = try await rankings(url, probes: probes)
        #expect(fromSeal == fromRows)
        #expect(fromSeal.allSatisfy { $0.count == 10 })
    }

    @Test func retrainRebuildsTheIndexOnEveryVector() async throws {
        let url = root.appendingPathComponent("re.quarry")
        let store = try QuarryStore(url: url, create: true)
        var settings = IndexSettings(targetTokens: 8192)
        settings.denseSpec = "PQ8"
        let file = try cranfield("c.jsonl", offset: 0, count: 260)
        let pipeline = try IngestPipeline(store: store, settings: settings, embedder: embedder)
        _ = try await pipeline.run(paths: [file])
        let again = try await #require(try pipeline.run(paths: [file], retrain: true).dense)
        #expect(again.trained)
        #expect(again.encoded == 260)
    }

    @Test func aPQSpecOnTooFewVectorsIsAClearError() async throws {
        let corpus = try TemporaryCorpus()
        var settings = IndexSettings()
        settings.denseSpec = "PQ8"
        let pipeline = try IngestPipeline(store: try QuarryStore(url: corpus.index, create: true), settings: settings, embedder: embedder)
        await #expect(throws: (any Error).self) { try await pipeline.run(paths: [corpus.docs]) }
        #expect(throws: QuarryError.self) {
            var bad = IndexSettings()
            bad.denseSpec = "IVF,PQ"
            _ = try IngestPipeline(store: try QuarryStore(url: corpus.index, create: true), settings: bad, embedder: embedder)
        }
    }

    @Test func anIndexWithEmbeddingsRefusesWordOnlyIngest() async throws {
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init(), embedder: embedder).run(paths: [corpus.docs])
        await #expect(throws: QuarryError.self) {
            try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        }
    }

    /// One hybrid query with MCTS selection embeds its question once: the selector's reward
    /// reuses the vector retrieval computed (a second MiniLM pass per query was wasted work).
    @Test func anMCTSQueryEmbedsItsQuestionOnce() async throws {
        let (result, embeddings) = try await mctsAnswer(retriever: nil)
        #expect(result.selector == "mcts")
        #expect(!result.selected.isEmpty)
        #expect(embeddings == 1)
    }

    /// A BM25 retrieval carries no vector for the question, so MCTS selection's reward
    /// embeds the question itself: once.
    @Test func anMCTSQueryOnBM25EmbedsItsQuestionForSelectionOnce() async throws {
        let (result, embeddings) = try await mctsAnswer(retriever: .bm25)
        #expect(result.bestSimilarity == nil)
        #expect(!result.selected.isEmpty)
        #expect(embeddings == 1)
    }

    /// One MCTS-selected answer over a fresh index searched by `retriever` (nil: the index's
    /// default, hybrid), and how often its question went through the embedder.
    private func mctsAnswer(retriever kind: RetrieverKind?) async throws -> (QueryResult, Int) {
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init(), embedder: embedder).run(paths: [corpus.docs])
        let counting = CountingEmbedder(embedder)
        let index = try QuarryIndex.open(corpus.index, embedder: counting)
        let pipeline = QueryPipeline(
            retriever: try kind.map { try index.retriever($0) } ?? index.retriever, selector: MCTSSelector(index: index),
            generator: ExtractiveGenerator()
        )
        let question = "How do readers and writers avoid blocking each other?"
        let result = try await pipeline.answer(question, options: QueryOptions(topK: 5, budget: 512))
        return (result, counting.embedded(question))
    }
}

/// The real embedder, counting how often each text goes through it.
final class CountingEmbedder: Embedder, @unchecked Sendable {
    // @unchecked: `counts` is only touched under `lock`.
    private let base: any Embedder
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    init(_ base: any Embedder) { self.base = base }

    var dimensions: Int { base.dimensions }
    var modelName: String { base.modelName }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        lock.withLock { for text in texts { counts[text, default: 0] += 1 } }
        return try await base.embed(texts)
    }

    func embedded(_ text: String) -> Int { lock.withLock { counts[text] ?? 0 } }
}
