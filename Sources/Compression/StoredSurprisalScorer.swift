import Models
import QuarryCore

/// LLMLingua's self-information without an LM pass at query time: the per-token
/// surprisal perplexity chunking stored at ingest, read through a ``SurprisalSource``.
/// Chunks stored without it (or passages that are not whole chunks) are scored with the
/// decoder once and remembered in `cache`.
public struct StoredSurprisalScorer: TokenScorer {
    public let name = "stored"
    let source: (any SurprisalSource)?
    let decoder: LlamaDecoder?
    let cache: InMemorySurprisalSource

    /// `source`: the index's stored surprisal (nil: none stored); `decoder`: the fallback
    /// (nil: a passage without stored surprisal is an error).
    public init(source: (any SurprisalSource)?, decoder: LlamaDecoder?, cache: InMemorySurprisalSource = .init(capacity: 20_000)) {
        self.source = source
        self.decoder = decoder
        self.cache = cache
    }

    public func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        let whole = passages.filter { $0.passage.text == $0.passage.chunk.text }.map(\.passage.chunk.chunkID)
        var stored = try await source?.surprisal(of: whole) ?? [:]
        for (id, value) in try await cache.surprisal(of: whole.filter { stored[$0] == nil }) { stored[id] = value }
        var result: [[Float]] = []
        for passage in passages {
            let id = passage.passage.chunk.chunkID
            if passage.passage.text == passage.passage.chunk.text, let value = stored[id],
                let aligned = ChunkSurprisal.aligned(value, to: passage)
            {
                result.append(aligned)
                continue
            }
            guard let decoder else {
                throw QuarryError(.unavailable, "chunk \(id) has no stored surprisal and no decoder was loaded to compute it; re-index with --chunker perplexity or load the model")
            }
            let ids = passage.tokenIDs
            let nats = try await Offload.run { try ChunkSurprisal.nats(of: ids, decoder: decoder) }
            if passage.passage.text == passage.passage.chunk.text {
                await cache.store(TokenSurprisal(tokenStarts: passage.tokenStarts, nats: nats), for: id)
            }
            result.append(nats)
        }
        return result
    }
}
