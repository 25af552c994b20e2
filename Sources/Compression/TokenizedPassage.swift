import QuarryCore

/// A passage cut into the generator's tokens and into the units compression keeps or
/// drops, with the units it must keep marked.
public struct TokenizedPassage: Sendable {
    public let passage: ContextPassage
    /// The generator's token ids of the passage's text.
    public let tokenIDs: [Int]
    /// Byte offset in the text where each token starts.
    public let tokenStarts: [Int]
    public let units: [TextUnit]

    /// Tokenizes `passage` with `tokenizer`, cuts it at `granularity` and marks what
    /// `protection` protects. Throws an internal error if the tokenizer's bytes do not
    /// add up to the text (a tokenizer that is not byte-level).
    public init(
        _ passage: ContextPassage, tokenizer: any CompressionTokenizer, granularity: UnitGranularity,
        protection: ProtectionRules
    ) throws {
        self.passage = passage
        let bytes = Array(passage.text.utf8)
        let ids = tokenizer.tokenIDs(of: passage.text)
        var starts: [Int] = []
        starts.reserveCapacity(ids.count)
        var offset = 0
        for id in ids {
            starts.append(offset)
            offset += tokenizer.byteCount(of: id)
        }
        guard offset == bytes.count else {
            throw QuarryError(.internal, "the generator's tokens cover \(offset) of \(bytes.count) bytes of chunk \(passage.chunk.chunkID); compression needs a byte-level tokenizer")
        }
        tokenIDs = ids
        tokenStarts = starts
        let protected = protection.protectedBytes(of: bytes)
        units = UnitSegmenter.units(bytes: bytes, tokenStarts: starts, granularity: granularity, protected: protected)
    }

    /// The number of generator tokens of the whole passage.
    public var tokenCount: Int { tokenIDs.count }

    /// Per-unit means of per-token `values` (one per token).
    public func unitMeans(of values: [Float]) -> [Float] {
        units.map { unit in
            guard !unit.tokens.isEmpty else { return 0 }
            var sum: Float = 0
            for t in unit.tokens { sum += values[t] }
            return sum / Float(unit.tokens.count)
        }
    }
}
