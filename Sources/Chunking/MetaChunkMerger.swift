/// Turns per-unit boundary decisions into chunks of at most a target size: Meta-Chunking's
/// meta-chunks, then its dynamic merge.
///
/// 1. Units run into one meta-chunk until a unit that `closes` it.
/// 2. A meta-chunk over the target is cut at its strongest inner boundary (largest
///    `strength` after a unit), again and again, until every piece fits; the reference
///    leaves it whole, but a chunk far over the budget cannot be selected.
/// 3. Left to right, meta-chunks join the open chunk while its size plus theirs stays
///    within the target.
///
/// Sizes are sums of unit token counts; every unit must fit the target on its own.
public struct MetaChunkMerger: Sendable, Equatable {
    /// The most tokens a merged chunk may hold.
    public var targetTokens: Int

    /// Creates a merger aiming at `targetTokens` per chunk.
    public init(targetTokens: Int) {
        self.targetTokens = targetTokens
    }

    /// Consecutive ranges of unit indices, covering `0 ..< sizes.count` in order.
    /// - Parameters:
    ///   - sizes: each unit's tokens.
    ///   - closes: whether each unit ends its meta-chunk.
    ///   - strength: how good a cut after each unit is, for oversized meta-chunks.
    public func merge(sizes: [Int], closes: [Bool], strength: [Double]) -> [Range<Int>] {
        precondition(sizes.count == closes.count && sizes.count == strength.count, "one size, flag and strength per unit")
        var metaChunks: [Range<Int>] = []
        var start = 0
        for unit in sizes.indices where closes[unit] || unit == sizes.count - 1 {
            split(start..<(unit + 1), sizes: sizes, strength: strength, into: &metaChunks)
            start = unit + 1
        }
        var merged: [Range<Int>] = []
        var open: Range<Int>?
        var openTokens = 0
        for meta in metaChunks {
            let tokens = sizes[meta].reduce(0, +)
            if let current = open, openTokens + tokens <= targetTokens {
                open = current.lowerBound..<meta.upperBound
                openTokens += tokens
            } else {
                if let current = open { merged.append(current) }
                open = meta
                openTokens = tokens
            }
        }
        if let current = open { merged.append(current) }
        return merged
    }

    /// Appends `range` to `pieces`, cut recursively at its strongest inner boundary while
    /// it is over the target (the earliest of equal strengths).
    private func split(_ range: Range<Int>, sizes: [Int], strength: [Double], into pieces: inout [Range<Int>]) {
        guard range.count > 1, sizes[range].reduce(0, +) > targetTokens else {
            pieces.append(range)
            return
        }
        var best = range.lowerBound
        for unit in range.dropLast() where strength[unit] > strength[best] {
            best = unit
        }
        split(range.lowerBound..<(best + 1), sizes: sizes, strength: strength, into: &pieces)
        split((best + 1)..<range.upperBound, sizes: sizes, strength: strength, into: &pieces)
    }
}
