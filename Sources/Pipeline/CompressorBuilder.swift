import Compression
import QuarryCore

/// Builds the compressor a ``StageChoice`` names, in SmolLM2's tokens (the generator's),
/// reading stored surprisal from the index when it has it.
struct CompressorBuilder {
    let index: QuarryIndex
    let models: ModelResources

    /// Surprisal computed for chunks stored without it, shared by every pipeline of the
    /// process so a chunk is scored once; one cache per index file, as chunk ids are
    /// unique only within an index.
    static let computed = ComputedSurprisalCaches(capacity: 50_000)
    /// The generator's tokens of chunks seen before, shared the same way.
    static let tokens = TokenizationCache(capacity: 20_000)

    func compressor(_ method: CompressionMethod, target: CompressionTarget) throws -> any Compressor {
        let decoder = try models.decoder()
        let tokenizer = decoder.tokenizer
        let stored = StoredSurprisalScorer(
            source: index, decoder: decoder, cache: Self.computed.cache(for: index.identity)
        )
        switch method {
        case .stored:
            return PromptCompressor(
                name: "llmlingua-stored", target: target, tokenizer: tokenizer, scorer: stored,
                cache: Self.tokens
            )
        case .lexical:
            return PromptCompressor(
                name: "lexical", target: target, tokenizer: tokenizer, scorer: PositionScorer(), cache: Self.tokens
            )
        case .live:
            return PromptCompressor(
                name: "llmlingua-live", target: target, tokenizer: tokenizer,
                scorer: LiveSurprisalScorer(decoder: decoder), cache: Self.tokens
            )
        case .contrastive:
            return PromptCompressor(
                name: "longllmlingua-contrastive", target: target, tokenizer: tokenizer,
                scorer: LiveSurprisalScorer(decoder: decoder, contrast: stored),
                cache: Self.tokens
            )
        case .truncate:
            return PromptCompressor.truncation(target: target, tokenizer: tokenizer, cache: Self.tokens)
        case .random:
            return PromptCompressor.randomDrop(target: target, tokenizer: tokenizer, cache: Self.tokens)
        }
    }
}
