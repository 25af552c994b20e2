/// How surprising each token of a chunk's text was to the causal LM, read in its
/// document context: what perplexity chunking computes at ingest and what a compressor
/// prunes by (LLMLingua's self-information), so compression at query time needs no
/// second LM pass.
public struct TokenSurprisal: Sendable, Equatable {
    /// Byte offset in the chunk's text where each token starts, increasing; token `i`
    /// covers `tokenStarts[i] ..< tokenStarts[i + 1]` (the last one runs to the end of the
    /// text). A byte-level BPE token may start inside a multi-byte character.
    public var tokenStarts: [Int]
    /// −log p(token | the text before it), in nats, one per token.
    public var nats: [Float]

    public init(tokenStarts: [Int], nats: [Float]) {
        self.tokenStarts = tokenStarts
        self.nats = nats
    }
}

/// Where stored per-token surprisal comes from (the index, for chunks cut by the
/// perplexity chunker).
public protocol SurprisalSource: Sendable {
    /// The stored surprisal of each of `chunkIDs` that has it; chunks indexed without it
    /// are absent from the result.
    func surprisal(of chunkIDs: [Int64]) async throws -> [Int64: TokenSurprisal]
}
