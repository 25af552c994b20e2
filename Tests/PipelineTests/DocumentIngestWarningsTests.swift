import Foundation
import Pipeline
import Store
import Testing

/// A pushed document's warnings (here: the perplexity chunker packing a document by
/// sentences because SmolLM2 would take longer than the budget) come back with that
/// document's outcome, and only its own: the ingest keeps none of them.
@Suite("Pushed-document warnings")
struct DocumentIngestWarningsTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
    }

    /// Guards the relay that kept every upload's warnings for the life of the server and
    /// returned none: each outcome carries exactly the warnings of its own document.
    @Test func eachUploadGetsItsOwnWarningsAndNoOthers() async throws {
        let store = try QuarryStore(url: corpus.index, create: true)
        let pipeline = try IngestPipeline(
            store: store, settings: IndexSettings(chunker: .perplexity, targetTokens: 64), secondsPerDocument: 0.001
        )
        let ingest = DocumentIngest(pipeline: pipeline, maxBytes: 1 << 20)
        let long = (1...30).map { "Sentence number \($0) talks about topic \($0 % 4) in plain words." }
            .joined(separator: " ")
        let first = try await ingest.add(text: long, title: nil, id: "first")
        #expect(first.warnings.count == 1)
        #expect(first.warnings.first?.contains("packed by sentences") == true, "\(first.warnings)")
        let short = try await ingest.add(text: "A short note about vacuum.", title: nil, id: "short")
        #expect(short.warnings == [])
        let second = try await ingest.add(text: long + " One more.", title: nil, id: "second")
        #expect(second.warnings.count == 1, "\(second.warnings)")
    }
}
