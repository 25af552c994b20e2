import Embedding
import Foundation
import Loaders
import Pipeline
import Store
import Testing

/// A corpus file read and written in batches: a crash after some batches leaves those
/// documents whole in the index, and a rerun embeds only the rest and ends equal to
/// a clean build; a file over the per-file limit streams with memory bounded by one
/// block, one record and one batch; a bad record part-way fails the file whole.
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

    func ingest(
        into url: URL, embedder: CountingEmbedder?, crashAfter: Int? = nil, file: URL? = nil
    ) async throws -> ResumableSourceIngest.Outcome {
        let pipeline = try IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init(), embedder: embedder)
        let path = FileSystemPath(file ?? corpus)
        let batches = ResumableSourceIngest(pipeline: pipeline, batchSize: 3, blockBytes: 64) { done in
            if let crashAfter, done >= crashAfter { throw SimulatedCrash() }
        }
        return try await batches.ingest(path, fingerprint: try DocumentLoader().fingerprint(path), path: path.description)
    }

    /// `count` records, each `_id` "r0"… with its own sentence.
    func writeCorpus(_ name: String, count: Int, extra: [String] = []) throws -> URL {
        let url = root.appendingPathComponent(name)
        let lines = (0..<count).map { number in
            #"{"_id": "r\#(number)", "text": "Record \#(number) explains vacuum number \#(number)."}"#
        } + extra
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
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
        // The crash came after the second batch committed; the third was already embedded
        // (the next batch is prepared while one commits) and is lost with the crash.
        #expect(first.embedded == 9)
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

    /// A corpus file many times the pipeline's per-file limit (256 MiB by default; 2 KB
    /// here) is indexed whole, and memory held at most one block plus one record of it
    /// and batches of at most `batchSize` documents (by construction: the reader hands
    /// out no more, the test sees each commit).
    @Test func aCorpusOverThePerFileLimitStreamsWithBoundedMemory() async throws {
        let file = try writeCorpus("big.jsonl", count: 400)
        let url = root.appendingPathComponent("big.quarry")
        let store = try QuarryStore(url: url, create: true)
        let pipeline = try IngestPipeline(store: store, settings: .init(), maxFileBytes: 2_000)
        let report = try await pipeline.run(paths: [file])
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(try store.documentCount(ofSource: FileSystemPath(file).description) == 400)

        var committed = [0]
        let path = FileSystemPath(file)
        let fresh = try IngestPipeline(store: try QuarryStore(url: root.appendingPathComponent("b.quarry"), create: true),
                                       settings: .init(), maxFileBytes: 2_000)
        let outcome = try await ResumableSourceIngest(pipeline: fresh, batchSize: 16, blockBytes: 512) { committed.append($0) }
            .ingest(path, fingerprint: try DocumentLoader().fingerprint(path), path: path.description)
        #expect(outcome.documents == 400)
        #expect(outcome.peakBufferedBytes <= 512 + 2_000)
        #expect(zip(committed, committed.dropFirst()).allSatisfy { $1 - $0 <= 16 && $1 > $0 })
        #expect(committed.last == 400)
    }

    /// A malformed record after some batches were committed fails the file, and none of
    /// its documents stay in the index (as when a whole file is refused).
    @Test func aBadRecordPartWayRemovesTheFile() async throws {
        let file = try writeCorpus("bad.jsonl", count: 10, extra: [#"{"_id": "r4", "text": "repeated id"}"#])
        let url = root.appendingPathComponent("bad.quarry")
        let error = try await #require(throws: LoaderError.self) { try await ingest(into: url, embedder: nil, file: file) }
        #expect(error.reason.hasPrefix("line 11: _id \"r4\" was already used on an earlier line"), "\(error.reason)")
        let store = try QuarryStore(url: url, create: false)
        #expect(try store.source(path: FileSystemPath(file).description) == nil)
        #expect(try store.documentKeys().isEmpty)
    }

    /// Guards re-indexing a corpus file under other settings (or with an embedder after
    /// a words-only run): the first batch replaces the earlier version on the write
    /// thread, and the next batch's repeated-id check must not find the earlier
    /// version's ids. Main failed this ("line 2001: _id \"r2000\" was already used")
    /// and then removed the file's documents from the index.
    @Test func reindexingUnderOtherSettingsReplacesTheEarlierVersion() async throws {
        let file = try writeCorpus("again.jsonl", count: 6_000)
        let url = root.appendingPathComponent("again.quarry")
        let path = FileSystemPath(file)
        let first = try IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init())
        _ = try await ResumableSourceIngest(pipeline: first, batchSize: 2_000)
            .ingest(path, fingerprint: try DocumentLoader().fingerprint(path), path: path.description)
        let other = try IngestPipeline(store: try QuarryStore(url: url, create: false), settings: IndexSettings(targetTokens: 64))
        let outcome = try await ResumableSourceIngest(pipeline: other, batchSize: 2_000)
            .ingest(path, fingerprint: try DocumentLoader().fingerprint(path), path: path.description)
        #expect(outcome.resumedFrom == 0)
        #expect(outcome.documents == 6_000)
        let ids = try QuarryStore(url: url, create: false).documentKeys().values.sorted()
        #expect(ids == (0 ..< 6_000).map { "r\($0)" }.sorted())
    }

    /// A crash without an embedder (BM25 only) resumes as well: no document lost or twice.
    @Test func aWordsOnlyRunResumesWithoutLossOrDuplicates() async throws {
        let file = try writeCorpus("words.jsonl", count: 20)
        let url = root.appendingPathComponent("words.quarry")
        await #expect(throws: SimulatedCrash.self) { try await ingest(into: url, embedder: nil, crashAfter: 9, file: file) }
        let outcome = try await ingest(into: url, embedder: nil, file: file)
        #expect(outcome.resumedFrom == 9)
        #expect(outcome.documents == 11)
        let ids = try QuarryStore(url: url, create: false).documentKeys().values.sorted()
        #expect(ids == (0..<20).map { "r\($0)" }.sorted())
    }
}
