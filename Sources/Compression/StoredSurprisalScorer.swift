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
        let stored = try await source?.surprisal(of: whole) ?? [:]
        let cached = try await cache.surprisal(of: whole.filter { stored[$0] == nil })
        var result: [[Float]] = []
        for passage in passages {
            let id = passage.passage.chunk.chunkID
            let isWholeChunk = passage.passage.text == passage.passage.chunk.text
            if isWholeChunk, let value = stored[id], let aligned = ChunkSurprisal.aligned(value, to: passage) {
                result.append(aligned)
                continue
            }
            // The cache holds what this scorer computed on the generator's own tokens; a
            // chunk id whose text changed since (re-indexed) no longer matches them.
            if isWholeChunk, let value = cached[id], value.tokenStarts == passage.tokenStarts {
                result.append(value.nats)
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
