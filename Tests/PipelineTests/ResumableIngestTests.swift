import Embedding
import Foundation
import Loaders
import Pipeline
import Store
import Testing

/// A corpus file written in batches: a crash after some batches leaves those
/// documents whole in the index, and a rerun embeds only the rest and ends equal to
/// a clean build.
@Suite("Resumable ingest")
struct ResumableIngestTests {
    struct SimulatedCrash: Error {}

    /// Counts the texts it embeds; vectors are a fixed function of the text.
    final class CountingEmbedder: Embedder, @unchecked Sendable {
        let dimensions = 4
        let modelName = "counting-test-embedder"
        private let lock = NSLock()
        private var texts = 0
        var embedded: Int { lock.withLock { texts } }

        func embed(_ texts: [String]) throws -> [[Float]] {
            lock.withLock { self.texts += texts.count }
            return texts.map { text in
                let count = Float(text.utf8.count)
                return [1, count.truncatingRemainder(dividingBy: 7), count.truncatingRemainder(dividingBy: 3), 0.5]
            }
        }
    }

    let root: URL
    let corpus: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        corpus = root.appendingPathComponent("corpus.jsonl")
        let topics = ["vacuum", "checkpoints", "indexes", "joins", "locks", "replication", "snapshots", "wal", "toast", "planner"]
        let lines = topics.enumerated().map { number, topic in
            #"{"_id": "doc\#(number)", "title": "\#(topic)", "text": "Document \#(number) explains \#(topic) in one sentence."}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: corpus)
    }

    func ingest(into url: URL, embedder: CountingEmbedder, crashAfter: Int? = nil) async throws -> ResumableSourceIngest.Outcome {
        let pipeline = try IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init(), embedder: embedder)
        let loaded = try DocumentLoader().load(corpus)
        let batches = ResumableSourceIngest(pipeline: pipeline, batchSize: 3) { done in
            if let crashAfter, done >= crashAfter { throw SimulatedCrash() }
        }
        return try await batches.ingest(loaded, path: FileSystemPath(corpus).description)
    }

    /// Every chunk's document id and text, in id order.
    func contents(_ url: URL) throws -> [String] {
        let store = try QuarryStore(url: url, create: false)
        let keys = try store.documentKeys()
        return try store.chunks(ids: keys.keys.sorted()).map { "\(keys[$0.id] ?? "?"): \($0.text)" }
    }

    @Test func aRerunAfterACrashEmbedsOnlyTheRestAndMatchesACleanBuild() async throws {
        let url = root.appendingPathComponent("crashed.quarry")
        let first = CountingEmbedder()
        await #expect(throws: SimulatedCrash.self) { try await ingest(into: url, embedder: first, crashAfter: 6) }
        #expect(first.embedded == 6)
        let store = try QuarryStore(url: url, create: false)
        #expect(try store.documentCount(ofSource: FileSystemPath(corpus).description) == 6)

        let second = CountingEmbedder()
        let outcome = try await ingest(into: url, embedder: second)
        #expect(outcome.resumedFrom == 6)
        #expect(outcome.documents == 4)
        #expect(second.embedded == 4)
        let source = try #require(try store.source(path: FileSystemPath(corpus).description))
        #expect(!source.sha256.hasPrefix("partial:"))

        let clean = root.appendingPathComponent("clean.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: clean, create: true), settings: .init(), embedder: CountingEmbedder())
            .run(paths: [corpus])
        #expect(try contents(url) == contents(clean))
        #expect(try contents(url).count == 10)

        // A third run over the finished file writes nothing new.
        let third = CountingEmbedder()
        let pipeline = try IngestPipeline(store: store, settings: .init(), embedder: third)
        let report = try await pipeline.run(paths: [corpus])
        #expect(report.skipped == 1)
        #expect(third.embedded == 0)
    }
}
