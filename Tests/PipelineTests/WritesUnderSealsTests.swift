import Foundation
import Pipeline
import QuarryCore
import SparseIndex
import Store
import Testing

/// Issue 24: a document write a server acknowledged is retrievable by the next query,
/// and a replaced or deleted one never again, while readers query throughout and the
/// live index seals its in-memory BM25 segments into the file and merges them in the
/// background. The seal threshold is lowered from 20,000 to 12 so that seals, merges
/// and the reloads they cause (a stored segment dropped under a reader, once all its
/// documents are deleted) happen every few writes instead of once in a long run.
@Suite("Writes under seals and merges")
struct WritesUnderSealsTests {
    /// Write `number`'s own word: consonants only after "zqvis", so the English stemmer
    /// keeps every one whole and no two analyse to the same term.
    static func word(_ number: Int) -> String {
        let letters = Array("bcdfghkmnp")
        return "zqvis" + String(String(number).map { letters[Int(String($0))!] })
    }

    /// Whether a query for write `number`'s word retrieves that write's chunk.
    static func retrieves(_ index: QuarryIndex, _ number: Int) async throws -> Bool {
        try await index.retriever.retrieve(word(number), k: 5).chunks.contains { $0.title == "Write \(number)" }
    }

    @Test func everyWriteIsRetrievedAtOnceWhileSealsAndMergesRun() async throws {
        var generator = SeededGenerator(seed: 2424)
        let corpus = try TemporaryCorpus()
        try SealedIndexTests.writeNotes(30, from: 0, in: corpus, using: &generator)
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: .init()).run(paths: [corpus.docs])
        let index = try QuarryIndex.open(corpus.index, kind: .bm25, embedder: nil, fusion: .init(), sealThreshold: 12)
        // The server's write path: the index's own store, through DocumentIngest.
        let ingest = DocumentIngest(
            pipeline: try IngestPipeline(store: index.store, settings: index.settings), maxBytes: 1 << 20
        )
        var seals: Set<Int64> = [try store.read { try $0.sealedSegments().generation }]

        try await withThrowingTaskGroup(of: Void.self) { readers in
            for reader in 0..<3 {
                readers.addTask {
                    var generator = SeededGenerator(seed: UInt64(reader))
                    while !Task.isCancelled {
                        let question = (0..<Int.random(in: 1...4, using: &generator))
                            .map { _ in SealedIndexTests.words.randomElement(using: &generator)! }.joined(separator: " ")
                        do {
                            _ = try await index.retriever.retrieve(question, k: 10)
                            _ = try await index.rank(question, k: 10)
                        } catch is CancellationError {
                            return  // the writes are done
                        }
                    }
                }
            }
            // Write `id` → the number of the write it holds now.
            var live: [String: Int] = [:]
            for number in 0..<120 {
                // Every seventh write replaces an earlier document, as load.py's writer does.
                let id = number % 7 == 6 ? live.keys.sorted()[Int.random(in: 0..<live.count, using: &generator)] : "w\(number)"
                let text = (0..<Int.random(in: 5...30, using: &generator))
                    .map { _ in SealedIndexTests.words.randomElement(using: &generator)! }.joined(separator: " ")
                _ = try await ingest.add(text: "Write \(number) \(Self.word(number)). \(text).", title: "Write \(number)", id: id)
                let replaced = live.updateValue(number, forKey: id)
                #expect(try await Self.retrieves(index, number), "write \(number) (\(id)) not retrieved after its write")
                if let replaced {
                    #expect(try await !Self.retrieves(index, replaced), "write \(replaced), replaced by \(number), retrieved")
                }
                // Every sixteenth write, the documents written 32 to 17 writes ago are
                // deleted: whole sealed segments lose all their documents.
                if number % 16 == 15 {
                    for (id, written) in live where (number - 31)...(number - 16) ~= written {
                        #expect(try await ingest.remove(id: id))
                        live[id] = nil
                        #expect(try await !Self.retrieves(index, written), "write \(written) retrieved after its deletion")
                    }
                }
                seals.insert(try store.read { try $0.sealedSegments().generation })
            }
            readers.cancelAll()
            try await readers.waitForAll()

            #expect(seals.count >= 5, "only \(seals.count) seals ran: the test did not exercise them")
            for (_, number) in live { #expect(try await Self.retrieves(index, number), "write \(number) lost") }
            // No deletion or generation lost: the live index ranks as one loaded whole from the file.
            let memory = try SealedIndexTests.inMemory(store)
            try await SealedIndexTests.expectSameRanking(index, as: memory, using: &generator)
        }
    }
}
