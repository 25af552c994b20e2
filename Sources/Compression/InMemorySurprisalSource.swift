import QuarryCore

/// Stored surprisal held in memory, by chunk id: what the index returns, for the
/// benchmark and for chunks scored once and reused (a cache in front of the fallback).
public actor InMemorySurprisalSource: SurprisalSource {
    private var stored: [Int64: TokenSurprisal]
    /// The most chunks held; the oldest entries go first past it.
    public let capacity: Int
    private var order: [Int64] = []

    public init(_ stored: [Int64: TokenSurprisal] = [:], capacity: Int = 100_000) {
        self.stored = stored
        self.capacity = capacity
        order = Array(stored.keys)
    }

    public func surprisal(of chunkIDs: [Int64]) async throws -> [Int64: TokenSurprisal] {
        var result: [Int64: TokenSurprisal] = [:]
        for id in chunkIDs { if let value = stored[id] { result[id] = value } }
        return result
    }

    /// Stores `surprisal` for `chunkID`.
    public func store(_ surprisal: TokenSurprisal, for chunkID: Int64) {
        if stored.updateValue(surprisal, forKey: chunkID) == nil { order.append(chunkID) }
        if order.count > capacity {
            let excess = order.count - capacity
            for id in order.prefix(excess) { stored[id] = nil }
            order.removeFirst(excess)
        }
    }
}
