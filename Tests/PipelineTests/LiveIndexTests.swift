import Embedding
import Foundation
import Pipeline
import QuarryCore
import Store
import Testing

/// An open `QuarryIndex` follows the file: writes by another handle (another process
/// in real life) become visible at the next query, deletions vanish, and no answer
/// mixes two generations.
@Suite("Live index")
struct LiveIndexTests {
    @Test func newAndDeletedFilesAreSeenWithoutReopening() async throws {
        let corpus = try TemporaryCorpus()
        _ = try await IngestPipeline(store: try QuarryStore(url: corpus.index, create: true), settings: .init()).run(paths: [corpus.docs])
        let index = try QuarryIndex.open(corpus.index)
        let before = index.generation
        #expect(try await index.rank("checkpoint flushes dirty pages", k: 5).isEmpty)
        // The query below finds mvcc.md while it is there, so its absence later means something.
        #expect(try await index.retriever.retrieve("multiversion concurrency snapshot readers", k: 5).chunks
            .contains { $0.document.hasSuffix("mvcc.md") })

        // Another writer, with its own connection, adds a file and deletes one.
        let writer = try QuarryStore(url: corpus.index, create: true)
        try corpus.write("docs/checkpoints.txt", "A checkpoint flushes dirty pages to disk and writes a checkpoint record.")
        try corpus.remove("docs/mvcc.md")
        let report = try await IngestPipeline(store: writer, settings: .init()).run(paths: [corpus.docs])
        #expect(report.indexed == 1 && report.removed == 1)

        let found = try await index.retriever.retrieve("checkpoint flushes dirty pages", k: 5)
        #expect(found.chunks.first?.document.hasSuffix("checkpoints.txt") == true)
        #expect(found.generation > before)
        #expect(index.generation == found.generation)
        #expect(try await index.retriever.retrieve("multiversion concurrency snapshot readers", k: 5).chunks
            .allSatisfy { !$0.document.hasSuffix("mvcc.md") })
    }

    @Test func everyWriteTransactionBumpsTheGenerationAndLogsItsChunks() async throws {
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        let start = try store.generation().generation
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let afterIngest = try store.generation().generation
        #expect(afterIngest > start)
        let changes = try store.read { try $0.changes(since: start) }
        #expect(changes.added.count == (try store.statistics().chunks))
        #expect(changes.removed.isEmpty)
        try corpus.remove("docs/vacuum.txt")
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let removal = try store.read { try $0.changes(since: afterIngest) }
        #expect(!removal.removed.isEmpty)
        #expect(removal.added.isEmpty)
    }

    /// Twenty-four small writes and some deletions, each caught up as a new BM25 segment (and
    /// merged in the background) by an index open throughout: it ranks exactly as an
    /// index opened afresh on the final file, which loads everything as one segment.
    @Test func anIndexKeptCurrentBySegmentsRanksLikeOneOpenedAfresh() async throws {
        let corpus = try TemporaryCorpus()
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let live = try QuarryIndex.open(corpus.index, kind: .bm25)
        let words = ["harbour", "ledger", "lantern", "keeper", "tide", "storm", "beacon", "rope", "anchor", "gull"]
        let questions = [
            "lantern keeper storm", "harbour tide tide", "beacon rope anchor gull ledger",
            "multiversion concurrency snapshot readers",
        ]
        for round in 0..<24 {
            let text = (0..<12).map { words[($0 * 7 + round * 3) % words.count] }.joined(separator: " ")
            try corpus.write("docs/note\(round).txt", "Note \(round): \(text).")
            if round % 9 == 8 { try corpus.remove("docs/note\(round - 4).txt") }
            _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
            _ = try await live.retriever.retrieve(questions[round % questions.count], k: 3)
        }
        let fresh = try QuarryIndex.open(corpus.index, kind: .bm25)
        #expect(live.generation == fresh.generation)
        for question in questions {
            let expected = try await fresh.rank(question, k: 50)
            #expect(!expected.isEmpty)
            let ranked = try await live.rank(question, k: 50)
            #expect(ranked == expected, "\(question)")
        }
    }

    /// A writer flips one file between two versions while queries run: every answer's
    /// chunks come from one version, never from both or from neither.
    @Test func queriesNeverMixTwoGenerations() async throws {
        let corpus = try TemporaryCorpus()
        let versions = [
            "Alpha version: the lighthouse keeper logs every passing ship in the ledger.",
            "Beta version: the lighthouse keeper paints the ledger blue every spring.",
        ]
        try corpus.write("docs/lighthouse.txt", versions[0])
        _ = try await IngestPipeline(store: try QuarryStore(url: corpus.index, create: true), settings: .init()).run(paths: [corpus.docs])
        let index = try QuarryIndex.open(corpus.index)
        // The writer runs on Quarry's threads and waits for a query between rounds, so
        // reads and writes interleave however busy the machine is.
        let progress = Progress()
        let writer = Task {
            try await Offload.onThreads {
                defer { progress.finish() }
                let store = try QuarryStore(url: corpus.index, create: true)
                for round in 1...30 {
                    progress.waitForQueries(atLeast: round)
                    try corpus.write("docs/lighthouse.txt", versions[round % 2])
                    _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
                }
            }
        }
        var seen: Set<String> = []
        var generations: Set<Int64> = []
        repeat {
            let retrieval = try await index.retriever.retrieve("lighthouse keeper ledger", k: 5)
            let lighthouse = retrieval.chunks.filter { $0.document.hasSuffix("lighthouse.txt") }
            #expect(lighthouse.count == 1, "generation \(retrieval.generation): \(lighthouse.map(\.text))")
            if let text = lighthouse.first?.text { seen.insert(String(text.prefix(5))) }
            generations.insert(retrieval.generation)
            progress.queried()
        } while !progress.isFinished
        _ = try await writer.value
        #expect(generations.count > 1)
        #expect(seen.isSubset(of: ["Alpha", "Beta "]))
    }
}

/// The quantized dense index (IVF-PQ with exact re-scoring) kept current: chunks added
/// after opening are encoded from their stored vectors, deleted ones leave the index,
/// and re-scoring never trips over an id deleted under it.
@Suite("Live dense index")
struct LiveDenseIndexTests {
    @Test func quantizedIndexFollowsAddsAndDeletes() async throws {
        let embedder = try LocalBertEmbedder()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/datasets/cranfield/corpus.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        func file(_ name: String, _ range: Range<Int>) throws -> URL {
            let url = root.appendingPathComponent(name)
            try Data(lines[range].joined(separator: "\n").utf8).write(to: url)
            return url
        }
        let url = root.appendingPathComponent("live.quarry")
        var settings = IndexSettings(targetTokens: 8192)
        settings.denseSpec = "IVF4,PQ8,RFlat"
        let first = try file("a.jsonl", 0..<300)
        let store = try QuarryStore(url: url, create: true)
        _ = try await IngestPipeline(store: store, settings: settings, embedder: embedder).run(paths: [first])
        let index = try QuarryIndex.open(url, kind: .dense, embedder: embedder)

        let second = try file("b.jsonl", 300..<340)
        let writer = try IngestPipeline(store: try QuarryStore(url: url, create: true), settings: settings, embedder: embedder)
        _ = try await writer.run(paths: [first, second])
        let newest = try #require(try store.denseCodes().last)
        let probe = try store.chunks(ids: [newest.chunkID])[0]
        #expect(try await index.rank(probe.text, k: 5).first?.id == probe.id)

        try store.remove(paths: [second.standardizedFileURL.path])
        let after = try await index.retriever.retrieve(probe.text, k: 5)
        #expect(after.chunks.count == 5)
        #expect(after.chunks.allSatisfy { $0.chunkID != probe.id })
    }
}

/// A writer that waits for queries between its rounds, and tells when it is done.
final class Progress: @unchecked Sendable {
    private let condition = NSCondition()
    private var queries = 0
    private var finished = false

    var isFinished: Bool { condition.withLock { finished } }

    func queried() {
        condition.withLock { queries += 1 }
        condition.broadcast()
    }

    func finish() { condition.withLock { finished = true } }

    /// Blocks until `count` queries have run (or 30 s have passed).
    func waitForQueries(atLeast count: Int) {
        let deadline = Date().addingTimeInterval(30)
        condition.lock()
        while queries < count, condition.wait(until: deadline) {}
        condition.unlock()
    }
}
