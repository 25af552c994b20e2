import Models
import QuarryCore

/// LLMLingua proper: a live pass of the decoder over the contexts in windows of about
/// `windowSize` tokens, each token's surprisal conditioned on the question and on the
/// already-compressed text before it. After each window the pruned tokens' keys and
/// values leave the cache, so the next window reads the compressed prefix, as the
/// generator will. With `contrast` set, the score is LongLLMLingua's contrastive one:
/// the surprisal without the question (from `contrast`) minus the surprisal with it, so
/// tokens the question makes likelier are kept.
public struct LiveSurprisalScorer: TokenScorer {
    public var name: String { contrast == nil ? "live" : "contrastive" }
    let decoder: LlamaDecoder
    let windowSize: Int
    let contrast: StoredSurprisalScorer?

    public init(decoder: LlamaDecoder, windowSize: Int = 200, contrast: StoredSurprisalScorer? = nil) {
        self.decoder = decoder
        self.windowSize = max(1, windowSize)
        self.contrast = contrast
    }

    public func scores(question: String, passages: [TokenizedPassage], keepRates: [Double]) async throws -> [[Float]] {
        let unconditioned = try await contrast?.scores(question: question, passages: passages, keepRates: keepRates)
        return try await Offload.run { [self] in
            try run(question: question, passages: passages, keepRates: keepRates, unconditioned: unconditioned)
        }
    }

    private func run(
        question: String, passages: [TokenizedPassage], keepRates: [Double], unconditioned: [[Float]]?
    ) throws -> [[Float]] {
        let tokenizer = decoder.tokenizer
        let prefix = tokenizer.encode("Question: " + question + "\nContext:\n")
        let separator = tokenizer.encode("\n\n")
        let total = prefix.count + passages.reduce(0) { $0 + $1.tokenCount + separator.count } + 1
        guard total <= decoder.configuration.contextLength else {
            throw QuarryError.invalidInput("the context to compress has \(total) tokens, more than the decoder's \(decoder.configuration.contextLength); lower --budget")
        }
        let session = decoder.makeSession(capacity: total)
        var next = try session.appendAndScore(prefix).next
        var result: [[Float]] = []
        for (p, passage) in passages.enumerated() {
            var scores = [Float](repeating: 0, count: passage.tokenCount)
            for (w, window) in windows(of: passage).enumerated() {
                // The separator goes in with the first window, so it takes the batch
                // (Float32) path: one token alone would take the 8-bit one.
                let lead = p > 0 && w == 0 ? separator : []
                let tokens = Array(passage.tokenIDs[window.tokens])
                let before = next
                let scored = try session.appendAndScore(lead + tokens)
                let base = session.count - tokens.count
                let logProbabilities = scored.logProbabilities.suffix(tokens.count - 1).map { -$0 }
                let first = lead.isEmpty ? -before[tokens[0]] : -scored.logProbabilities[lead.count - 1]
                let nats = [first] + logProbabilities
                for (k, t) in window.tokens.enumerated() {
                    scores[t] = unconditioned.map { $0[p][t] - nats[k] } ?? nats[k]
                }
                let kept = keptTokens(passage, units: window.units, scores: scores, rate: keepRates[p])
                if kept.count == tokens.count {
                    next = scored.next
                } else if !kept.isEmpty {
                    // Re-append the last few kept tokens for the next-token distribution
                    // after the compressed prefix (four or more take the batch path).
                    let replay = kept.suffix(4)
                    let positions = Array(0..<base) + kept.dropLast(replay.count).map { base + $0 - window.tokens.lowerBound }
                    try session.retain(positions: positions)
                    next = try session.appendAndScore(replay.map { passage.tokenIDs[$0] }).next
                } else {
                    try session.retain(positions: Array(0..<base))
                    next = before
                }
            }
            result.append(scores)
        }
        return result
    }

    /// Consecutive units of about `windowSize` tokens.
    private func windows(of passage: TokenizedPassage) -> [(units: Range<Int>, tokens: Range<Int>)] {
        var windows: [(units: Range<Int>, tokens: Range<Int>)] = []
        var first = 0
        for u in passage.units.indices {
            let start = passage.units[first].tokens.lowerBound
            if passage.units[u].tokens.upperBound - start >= windowSize || u == passage.units.count - 1 {
                windows.append((first..<(u + 1), start..<passage.units[u].tokens.upperBound))
                first = u + 1
            }
        }
        return windows
    }

    /// The window's tokens the compressed prefix keeps (increasing): its highest-ranked
    /// units (protection priority, then surprisal) up to `rate` of its tokens (LLMLingua's
    /// quantile threshold), and its forced units.
    private func keptTokens(_ passage: TokenizedPassage, units: Range<Int>, scores: [Float], rate: Double) -> [Int] {
        let keys = units.map { u -> UnitRank in
            let unit = passage.units[u]
            let mean = unit.tokens.reduce(Float(0)) { $0 + scores[$1] } / Float(max(1, unit.tokens.count))
            return UnitRank(unit, relevance: 0, score: mean)
        }
        let windowTokens = passage.units[units].reduce(0) { $0 + $1.tokens.count }
        var budget = Int((Double(windowTokens) * rate).rounded())
        var keep = units.map { passage.units[$0].isForced }
        for (k, kept) in keep.enumerated() where kept { budget -= passage.units[units.lowerBound + k].tokens.count }
        let order = keep.indices.filter { !keep[$0] }
            .sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        for k in order {
            let count = passage.units[units.lowerBound + k].tokens.count
            if count <= budget {
                keep[k] = true
                budget -= count
            }
        }
        return keep.indices.filter { keep[$0] }.flatMap { Array(passage.units[units.lowerBound + $0].tokens) }
    }
}
