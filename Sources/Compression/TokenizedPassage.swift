import QuarryCore

/// A passage cut into the generator's tokens and into the units compression keeps or
/// drops, each with its protection priority.
public struct TokenizedPassage: Sendable {
    public let passage: ContextPassage
    /// The generator's token ids of the passage's text.
    public let tokenIDs: [Int]
    /// Byte offset in the text where each token starts.
    public let tokenStarts: [Int]
    public let units: [TextUnit]

    /// Tokenizes `passage` with `tokenizer` (through `cache` when given), cuts it at
    /// `granularity` and gives each unit the priority `protection` assigns it for a
    /// question with `questionTerms` (``QuestionTerms/of(_:)``). Throws an internal error
    /// if the tokenizer's bytes do not add up to the text (a tokenizer that is not byte-level).
    public init(
        _ passage: ContextPassage, tokenizer: any CompressionTokenizer, granularity: UnitGranularity,
        protection: ProtectionRules, questionTerms: Set<String> = [], cache: TokenizationCache? = nil
    ) throws {
        self.passage = passage
        let bytes = Array(passage.text.utf8)
        let entry = cache?.tokens(of: passage.text, tokenizer: tokenizer)
            ?? TokenizationCache.entry(of: passage.text, tokenizer: tokenizer)
        let covered = entry.ids.last.map { entry.starts.last! + tokenizer.byteCount(of: $0) } ?? 0
        guard covered == bytes.count else {
            throw QuarryError(
                .internal,
                "the generator's tokens cover \(covered) of \(bytes.count) bytes of chunk \(passage.chunk.chunkID); "
                    + "compression needs a byte-level tokenizer"
            )
        }
        tokenIDs = entry.ids
        tokenStarts = entry.starts
        let priorities = protection.priorities(of: bytes, questionTerms: questionTerms)
        units = UnitSegmenter.joining(
            UnitSegmenter.units(
                bytes: bytes, tokenStarts: entry.starts, granularity: granularity, priorities: priorities
            ),
            within: protection.wholeSpans(of: bytes)
        )
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
