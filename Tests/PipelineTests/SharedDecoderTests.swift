import Models
import Pipeline
import Testing

/// A server with a perplexity-chunked index used to load SmolLM2 twice: once for ingest's
/// chunker, once for the query side. This guards that both now get the same loaded model.
@Suite("One loaded SmolLM2 for ingest and queries")
struct SharedDecoderTests {
    @Test("the perplexity chunker's decoder and the query side's are one object while both are held")
    func oneDecoder() throws {
        let chunking = try ChunkingModels.load(for: .perplexity, embedder: nil)
        let queryDecoder = try ModelResources().decoder()
        let ingestDecoder = try #require(chunking.decoder)
        #expect(ingestDecoder === queryDecoder)
        #expect(try ModelResources().decoder() === ingestDecoder)
    }
}
