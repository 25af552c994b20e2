/// Where an index file stands: its write generation and what a reader holding an older
/// generation must do to catch up.
public struct IndexGeneration: Sendable, Equatable {
    /// Bumped by every write transaction.
    public var generation: Int64
    /// The generation the dense index was last trained or dropped at.
    public var denseGeneration: Int64
    /// The oldest generation whose changes are all still logged.
    public var logStart: Int64

    public init(generation: Int64, denseGeneration: Int64, logStart: Int64) {
        self.generation = generation
        self.denseGeneration = denseGeneration
        self.logStart = logStart
    }
}

/// The net chunk changes between two generations: chunks removed, and chunks added
/// that still exist at the later one.
public struct ChunkChanges: Sendable, Equatable {
    public var removed: [Int64]
    public var added: [Int64]

    public init(removed: [Int64], added: [Int64]) {
        self.removed = removed
        self.added = added
    }
}
