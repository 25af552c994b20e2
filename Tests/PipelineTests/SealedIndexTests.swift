import Foundation
import Pipeline
import QuarryCore
import SparseIndex
import Store
import Testing

/// An index file opened without loading its postings: `quarry index` seals its BM25
/// segments into the file, `QuarryIndex` reads a query's postings from there, and the
/// ranking is exactly that of the whole index loaded into memory (today's open), on
/// random questions, before and after further writes and deletions, and for a file
/// written before sealed segments existed (sealed on its first open).
@Suite("Sealed index")
struct SealedIndexTests {
    static let words = [
        "harbour", "ledger", "lantern", "keeper", "tide", "storm", "beacon", "rope", "anchor", "gull", "pier", "salt",
        "net", "hull", "mast", "sail", "reef", "buoy", "chart", "compass",
    ]

    /// A corpus of `count` notes of Zipf-like word draws, so some words are in most notes.
    static func writeNotes(_ count: Int, from start: Int, in corpus: TemporaryCorpus, using generator: inout SeededGenerator) throws {
        for note in start..<(start + count) {
            let text = (0..<Int.random(in: 5...40, using: &generator)).map { _ in
                words[Int(pow(Double(words.count), Double.random(in: 0..<1, using: &generator))) - 1]
            }.joined(separator: " ")
            try corpus.write("docs/note\(note).txt", "Note \(note). \(text).")
        }
    }

    /// The ranking of today's open: every posting of the file loaded into one in-memory index.
    static func inMemory(_ store: QuarryStore) throws -> BM25Index {
        var index = BM25Index()
        index.add(try store.allPostings().map { BM25Document(id: $0.chunkID, length: $0.termCount, frequencies: $0.frequencies) })
        return index
    }

    static func expectSameRanking(_ index: QuarryIndex, as memory: BM25Index, using generator: inout SeededGenerator) async throws {
        let analyzer = Analyzer()
        var found = 0
        for _ in 0..<40 {
            let question = (0..<Int.random(in: 1...6, using: &generator)).map { _ in words.randomElement(using: &generator)! }
                .joined(separator: " ")
            let expected = memory.search(analyzer.terms(question), k: 20)
            if !expected.isEmpty { found += 1 }
            #expect(try await index.rank(question, k: 20) == expected)
        }
        #expect(found > 30)
    }

    @Test func anIndexedFileRanksFromItsSealedSegmentsAsTheLoadedIndexDoes() async throws {
        var generator = SeededGenerator(seed: 24)
        let corpus = try TemporaryCorpus()
        try Self.writeNotes(60, from: 0, in: corpus, using: &generator)
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let sealed = try store.read { try $0.sealedSegments() }
        #expect(sealed.generation == (try store.generation().generation))
        #expect(sealed.segments.reduce(0) { $0 + $1.chunkIDs.count } == (try store.statistics().chunks))

        let index = try QuarryIndex.open(corpus.index, kind: .bm25)
        try await Self.expectSameRanking(index, as: try Self.inMemory(store), using: &generator)

        // Writes and deletions after the seal: replayed beside the stored segment, by
        // the open index and by one opened afresh.
        try Self.writeNotes(15, from: 60, in: corpus, using: &generator)
        for note in [3, 17, 41] { try corpus.remove("docs/note\(note).txt") }
        _ = try await IngestPipeline(store: try QuarryStore(url: corpus.index, create: true), settings: .init())
            .run(paths: [corpus.docs])
        let memory = try Self.inMemory(store)
        try await Self.expectSameRanking(index, as: memory, using: &generator)
        try await Self.expectSameRanking(try QuarryIndex.open(corpus.index, kind: .bm25), as: memory, using: &generator)
    }

    /// A file as today's main writes it (no seal) is sealed by its first open, which
    /// ranks as the loaded index does, and so do the opens after it.
    @Test func aFileWrittenBeforeSealedSegmentsIsSealedOnFirstOpen() async throws {
        var generator = SeededGenerator(seed: 22)
        let corpus = try TemporaryCorpus()
        try Self.writeNotes(40, from: 0, in: corpus, using: &generator)
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        // Drop every stored segment and the seal mark: the file of a Quarry before them.
        let base = try store.read { try $0.sealedSegments() }.generation
        #expect(try store.seal(base: base, generation: 0, deletions: [:], segment: nil))
        #expect(try store.read { try $0.sealedSegments() }.segments.isEmpty)

        let first = try QuarryIndex.open(corpus.index, kind: .bm25)
        let resealed = try store.read { try $0.sealedSegments() }
        #expect(resealed.generation == first.generation && resealed.segments.count == 1)
        let memory = try Self.inMemory(store)
        try await Self.expectSameRanking(first, as: memory, using: &generator)
        try await Self.expectSameRanking(try QuarryIndex.open(corpus.index, kind: .bm25), as: memory, using: &generator)
    }
}
