import QuarryCore

/// Packs whole sentences greedily into chunks of at most `targetTokens` tokens.
///
/// A sentence longer than the target gets chunks of its own, cut at word boundaries
/// (and inside a word only when one word alone is over the target); nothing is
/// truncated. Each chunk runs from its first sentence's first byte to its last
/// sentence's last byte, so its text is a verbatim slice of the document.
public struct SentenceChunker: Chunker {
    /// The most tokens a chunk may hold.
    public var targetTokens: Int
    /// How sentences are measured.
    public var counter: any TokenCounter
    private let splitter = SentenceSplitter()

    /// Creates a chunker aiming at `targetTokens` tokens per chunk, as `counter` counts them.
    public init(targetTokens: Int = 200, counter: any TokenCounter = ApproximateTokenCounter()) {
        self.targetTokens = targetTokens
        self.counter = counter
    }

    /// The chunks of `text` in order.
    /// - Throws: ``ChunkingError`` when `targetTokens` is below 1.
    public func chunk(_ text: String) throws -> [Chunk] {
        guard targetTokens >= 1 else { throw ChunkingError.invalidTarget(targetTokens) }
        var source = text
        source.makeContiguousUTF8()
        var chunks = ChunkAccumulator(text: source, targetTokens: targetTokens, counter: counter)
        let words = WordSplitter(counter: counter, targetTokens: targetTokens)
        var previousEnd: Int?
        for sentence in splitter.split(source) {
            defer { previousEnd = sentence.byteRange.upperBound }
            // A write that was cancelled (its client left) or ran out of time stops here.
            try CancellationSignal.checkCurrent()
            let tokens = counter.count(sentence.text)
            if tokens <= targetTokens {
                // What the sentence adds after the one before when both share a chunk, so
                // the chunk is not counted again (BPE counting was a fifth of ingest).
                let joined = previousEnd.flatMap { end in
                    counter.count(sentence.text, afterGap: source.slice(bytes: end..<sentence.byteRange.lowerBound), alone: tokens)
                }
                chunks.append(TokenSpan(range: sentence.byteRange, tokens: tokens, joinedTokens: joined))
                continue
            }
            chunks.flush()
            try words.forEachPiece(of: sentence.byteRange, in: source) { chunks.append($0) }
            chunks.flush()
        }
        chunks.flush()
        return chunks.chunks
    }
}
