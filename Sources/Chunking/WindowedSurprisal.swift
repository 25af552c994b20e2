import QuarryCore

/// Per-token surprisal of a long token sequence, scored in overlapping windows so the
/// LM's attention never spans more than `window` tokens.
///
/// Window k scores tokens `start ..< start + window`; the next one starts `overlap` tokens
/// before the previous one ended, so every token after the first `overlap` is read with at
/// least `overlap` tokens (and at most `window − 1`) of the text before it. Each token is
/// scored exactly once. Cost: about `n · window / (window − overlap)` token evaluations,
/// with attention over at most `window` positions.
public struct WindowedSurprisal: Sendable, Equatable {
    /// Tokens per LM call.
    public var window: Int
    /// Tokens of context each later window re-reads before the first token it scores.
    public var overlap: Int

    /// Creates the windowing; `window` at least 2, `overlap` in 1 ..< window.
    public init(window: Int = 1024, overlap: Int = 128) {
        self.window = window
        self.overlap = overlap
    }

    /// −log p(tokens[i] | up to `window − 1` tokens before it) in nats, one per token;
    /// position 0 has no prediction and is NaN. `progress` gets the count of tokens each
    /// LM call scored.
    /// - Throws: ``ChunkingError`` for an unusable window, or what the scorer throws.
    public func surprisal(
        of tokens: [Int], scorer: any CausalTokenScorer, progress: (Int) -> Void = { _ in }
    ) throws -> [Float] {
        guard window >= 2, overlap >= 1, overlap < window else {
            throw ChunkingError(reason: "scoring window \(window) with overlap \(overlap) cannot advance; "
                + "use a window of at least 2 tokens and an overlap between 1 and window − 1")
        }
        var nats = [Float](repeating: .nan, count: tokens.count)
        var next = 1
        var start = 0
        while next < tokens.count {
            // A write that was cancelled (its client left) or ran out of time stops here.
            try CancellationSignal.checkCurrent()
            let end = min(tokens.count, start + window)
            let logProbabilities = try scorer.logProbabilities(of: Array(tokens[start..<end]))
            guard logProbabilities.count == end - start - 1 else {
                throw ChunkingError(reason: "the language model gave \(logProbabilities.count) log-probabilities "
                    + "for \(end - start) tokens; expected one per token after the first")
            }
            for position in next..<end {
                nats[position] = -logProbabilities[position - start - 1]
            }
            progress(end - next)
            next = end
            start = end - overlap
        }
        return nats
    }
}
