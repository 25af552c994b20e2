/// The baseline chunker: consecutive windows of at most `targetTokens` tokens, cut at
/// word boundaries with no regard for sentences. The cutting checks
/// ``CancellationSignal/current`` as it goes (``WordSplitter``).
public struct FixedTokenChunker: Chunker {
    /// The most tokens a chunk may hold.
    public var targetTokens: Int
    /// How words are measured.
    public var counter: any TokenCounter

    /// Creates a chunker with windows of `targetTokens` tokens, as `counter` counts them.
    public init(targetTokens: Int = 200, counter: any TokenCounter = ApproximateTokenCounter()) {
        self.targetTokens = targetTokens
        self.counter = counter
    }

    /// The windows of `text` in order.
    /// - Throws: ``ChunkingError`` when `targetTokens` is below 1.
    public func chunk(_ text: String) throws -> [Chunk] {
        guard targetTokens >= 1 else { throw ChunkingError.invalidTarget(targetTokens) }
        var source = text
        source.makeContiguousUTF8()
        var chunks = ChunkAccumulator(text: source, targetTokens: targetTokens, counter: counter)
        let words = WordSplitter(counter: counter, targetTokens: targetTokens)
        try words.forEachPiece(of: 0..<source.utf8.count, in: source) { chunks.append($0) }
        chunks.flush()
        return chunks.chunks
    }
}
