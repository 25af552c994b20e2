/// What `dense_lists` holds: every code of `dense_codes` grouped by inverted list, as
/// of write generation `generation` of dense generation `denseGeneration`. Usable while
/// the dense index has not been retrained since and the change log still reaches back
/// to `generation` (the chunks written and removed after it are replayed on top).
public struct DenseSeal: Sendable, Equatable {
    public var generation: Int64
    public var denseGeneration: Int64
    /// Codes in the sealed lists.
    public var entries: Int

    public init(generation: Int64, denseGeneration: Int64, entries: Int) {
        self.generation = generation
        self.denseGeneration = denseGeneration
        self.entries = entries
    }

    /// Whether an open at `current` may start from this seal.
    public func isUsable(at current: IndexGeneration) -> Bool {
        denseGeneration == current.denseGeneration && current.logStart <= generation && generation <= current.generation
    }
}
