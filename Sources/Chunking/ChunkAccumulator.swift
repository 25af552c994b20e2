/// Packs consecutive spans greedily into chunks of at most a target token count.
///
/// Packing sums the spans' own counts; a chunk's `tokenCount` is the counter's count of
/// the chunk's whole text: its first span's count plus the later spans' joined counts
/// when every join is known, else counted from the text.
struct ChunkAccumulator {
    let text: String
    let targetTokens: Int
    let counter: any TokenCounter
    private(set) var chunks: [Chunk] = []
    private var pending: Range<Int>?
    private var pendingTokens = 0
    /// The open chunk's exact count from its spans, while every join in it is known.
    private var pendingExact: Int?

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
        if pending == nil {
            pendingExact = span.tokens
        } else {
            pendingExact = pendingExact.flatMap { exact in span.joinedTokens.map { exact + $0 } }
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
            tokenCount: pendingExact ?? counter.count(slice)
        ))
        pending = nil
        pendingTokens = 0
        pendingExact = nil
    }
}
