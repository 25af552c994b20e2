import Chunking
import Foundation
import Models
import Pipeline
import QuarryCore
import Store
import Testing

/// Perplexity chunking through the ingest pipeline with the real SmolLM2: chunk sizes
/// are exact BPE counts, surprisal is stored and served by the open index, and a change
/// of chunker re-chunks.
@Suite("Perplexity ingest")
struct PerplexityIngestTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
        let sentences = (1...30).map { "Sentence number \($0) talks about topic \($0 % 4) in plain words." }
        try corpus.write("docs/long.txt", sentences.joined(separator: " "))
    }

    @Test func storesExactTokenCountsAndSurprisalThatTheIndexServes() async throws {
        let store = try QuarryStore(url: corpus.index, create: true)
        let settings = IndexSettings(chunker: .perplexity, targetTokens: 64)
        let report = try await IngestPipeline(store: store, settings: settings).run(paths: [corpus.docs])
        #expect(report.failed.isEmpty)
        #expect(report.scoredTokens > 0)
        let decoder = try LlamaDecoder(path: ModelLocator().requireDecoderFile())
        let index = try QuarryIndex.open(corpus.index, kind: .bm25)
        let ids = try store.read { snapshot in try snapshot.postings().map(\.chunkID) }
        let chunks = try store.chunks(ids: ids)
        let surprisal = try await index.surprisal(of: ids)
        // Only the long document is over the target; the three short ones are not scored.
        let long = chunks.filter { $0.document.hasSuffix("long.txt") }
        #expect(long.count >= 3)
        for chunk in chunks {
            // The stored size is SmolLM2's own count of the chunk's text.
            #expect(chunk.tokenCount == decoder.tokenizer.encode(chunk.text).count)
            #expect(chunk.tokenCount <= 64)
        }
        for chunk in long {
            let stored = try #require(surprisal[chunk.id])
            #expect(stored.tokenStarts.first == 0)
            #expect(stored.tokenStarts == stored.tokenStarts.sorted())
            #expect(stored.tokenStarts.last! < chunk.text.utf8.count)
            #expect(stored.nats.count == stored.tokenStarts.count)
            // Nats are non-negative and in the quantiser's range.
            #expect(stored.nats.allSatisfy { $0 >= 0 && $0 <= 25.5 })
            // Token boundaries match re-tokenising the chunk, bar the first token.
            #expect(abs(stored.tokenStarts.count - chunk.tokenCount) <= 1)
        }
        let short = chunks.filter { !$0.document.hasSuffix("long.txt") }
        #expect(!short.isEmpty)
        #expect(short.allSatisfy { surprisal[$0.id] == nil })
    }

    @Test func changingTheChunkerReChunksOnTheNextIndex() async throws {
        let store = try QuarryStore(url: corpus.index, create: true)
        _ = try await IngestPipeline(store: store, settings: IndexSettings(targetTokens: 64)).run(paths: [corpus.docs])
        let again = try await IngestPipeline(store: store, settings: IndexSettings(chunker: .perplexity, targetTokens: 64))
            .run(paths: [corpus.docs])
        #expect(again.indexed == 4)
        let unchanged = try await IngestPipeline(store: store, settings: IndexSettings(chunker: .perplexity, targetTokens: 64))
            .run(paths: [corpus.docs])
        #expect(unchanged.skipped == 4)
        let newThreshold = try await IngestPipeline(
            store: store, settings: IndexSettings(chunker: .perplexity, targetTokens: 64, perplexityThreshold: 1)
        ).run(paths: [corpus.docs])
        #expect(newThreshold.indexed == 4)
    }
}
