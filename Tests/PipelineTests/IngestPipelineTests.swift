import QuarryCore
import Foundation
import Loaders
import Pipeline
import Store
import Testing

@Suite("IngestPipeline")
struct IngestPipelineTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
    }

    func ingest(_ settings: IndexSettings = .init()) async throws -> IngestReport {
        let store = try QuarryStore(url: corpus.index, create: true)
        return try await IngestPipeline(store: store, settings: settings).run(paths: [corpus.docs])
    }

    @Test func indexesEveryFormatThenSkipsUnchangedFiles() async throws {
        let first = try await ingest()
        #expect(first.indexed == 3)
        #expect(first.failed.isEmpty)
        #expect(first.chunks >= 3)
        let second = try await ingest()
        #expect(second.indexed == 0)
        #expect(second.skipped == 3)
        #expect(second.chunks == 0)
    }

    @Test func replacesChangedFilesAndRemovesDeletedOnes() async throws {
        _ = try await ingest()
        try corpus.write("docs/vacuum.txt", "VACUUM FULL rewrites the whole table into a new disk file.")
        try corpus.remove("docs/mvcc.md")
        let report = try await ingest()
        #expect(report.indexed == 1)
        #expect(report.skipped == 1)
        #expect(report.removed == 1)
        let store = try QuarryStore(url: corpus.index, create: false)
        #expect(try store.sources().count == 2)
        let index = try QuarryIndex.open(corpus.index)
        #expect(try await index.rank("multiversion snapshot", k: 5).isEmpty)
        #expect(try await !index.rank("rewrites disk file", k: 5).isEmpty)
    }

    @Test func changedChunkingSettingsReindexEveryFile() async throws {
        _ = try await ingest()
        let report = try await ingest(IndexSettings(chunker: .fixed, targetTokens: 32))
        #expect(report.indexed == 3)
    }

    @Test func badFilesAreReportedAndTheRestIsIndexed() async throws {
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00]).write(to: corpus.docs.appendingPathComponent("binary.txt"))
        try Data().write(to: corpus.docs.appendingPathComponent("empty.md"))
        try Data([0x61, 0x62, 0xC3, 0x28, 0x61]).write(to: corpus.docs.appendingPathComponent("latin1.txt"))
        let report = try await ingest()
        #expect(report.indexed == 3)
        #expect(Set(report.failed.map { URL(fileURLWithPath: $0.path).lastPathComponent }) == ["binary.txt", "empty.md", "latin1.txt"])
        #expect(report.failed.allSatisfy { !$0.error.isEmpty })
    }

    @Test func missingPathIsAFailureNotACrash() async throws {
        let store = try QuarryStore(url: corpus.index, create: true)
        let report = try await IngestPipeline(store: store, settings: .init())
            .run(paths: [corpus.root.appendingPathComponent("nope")])
        #expect(report.indexed == 0)
        #expect(report.failed.count == 1)
    }

    @Test func unavailableChunkersSayWhatToUseInstead() throws {
        let store = try QuarryStore(url: corpus.index, create: true)
        #expect(throws: QuarryError.self) {
            // Without the language model (no models given), the perplexity chunker cannot run.
            try IngestPipeline(store: store, settings: IndexSettings(chunker: .perplexity), models: ChunkingModels())
        }
        #expect(throws: QuarryError.self) {
            try IngestPipeline(store: store, settings: IndexSettings(targetTokens: 3))
        }
    }
}
