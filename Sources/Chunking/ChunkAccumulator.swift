/// Packs consecutive spans greedily into chunks of at most a target token count.
///
/// Packing sums the spans' own counts; a chunk's `tokenCount` is the counter's count of
/// the chunk's whole text (the same for additive counters such as
/// ``ApproximateTokenCounter``).
struct ChunkAccumulator {
    let text: String
    let targetTokens: Int
    let counter: any TokenCounter
    private(set) var chunks: [Chunk] = []
    private var pending: Range<Int>?
    private var pendingTokens = 0

    init(text: String, targetTokens: Int, counter: any TokenCounter) {
        self.text = text
        self.targetTokens = targetTokens
        self.counter = counter
    }

    /// Adds `span` to the open chunk, first closing it if `span` would not fit.
    mutating func append(_ span: TokenSpan) {
        if pending != nil, pendingTokens + span.tokens > targetTokens {
            flush()
        }
        pending = (pending?.lowerBound ?? span.range.lowerBound)..<span.range.upperBound
        pendingTokens += span.tokens
    }

    /// Closes the open chunk, if any.
    mutating func flush() {
        guard let range = pending else { return }
        let slice = text.slice(bytes: range)
        chunks.append(Chunk(
            text: String(slice), byteStart: range.lowerBound, byteEnd: range.upperBound,
            tokenCount: counter.count(slice)
        ))
        pending = nil
        pendingTokens = 0
    }
}
