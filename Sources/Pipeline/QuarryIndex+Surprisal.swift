import QuarryCore
import Store

extension QuarryIndex: SurprisalSource {
    /// The per-token surprisal the perplexity chunker stored for each of `chunkIDs` that
    /// has it (token starts relative to the chunk's text, nats rounded to 0.1).
    public func surprisal(of chunkIDs: [Int64]) async throws -> [Int64: TokenSurprisal] {
        if let file { return try await Offload.run { try file.read { try $0.surprisal(ids: chunkIDs) } } }
        return try await store.withSnapshot { try await $0.surprisal(ids: chunkIDs) }
    }
}
