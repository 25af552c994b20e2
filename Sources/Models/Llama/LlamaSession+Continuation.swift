import Kernels

/// How likely the tokens appended to a session were, given everything cached before them.
public struct ContinuationScores: Sendable, Equatable {
    /// log p(tokens[i+1] | cache, tokens[0…i]), one per appended token but the first
    /// (whose probability the caller read from the previous call's ``next``).
    public let logProbabilities: [Float]
    /// log p(· | cache, all appended tokens) over the vocabulary: scores the first token
    /// of the next append.
    public let next: [Float]
}

extension LlamaSession {
    /// Evaluates `tokens` after the cached ones and returns their log-probabilities, all
    /// logits computed (LLMLingua's incremental pass over a window, conditioned on the
    /// compressed prefix in the cache). Throws as ``appendAndPredict(_:)`` does.
    public func appendAndScore(_ tokens: [Int]) throws -> ContinuationScores {
        guard !tokens.isEmpty else { throw ModelError("LlamaSession.appendAndScore needs at least one token") }
        let hidden = try evaluate(tokens)
        let h = decoder.configuration.embeddingSize, vocabulary = decoder.configuration.vocabularySize
        var logProbabilities: [Float] = []
        logProbabilities.reserveCapacity(tokens.count - 1)
        var next = [Float](repeating: 0, count: vocabulary)
        // 64, not the batch path's 128: paired runs of `quarry bench compress` (load 8–21)
        // measured live compression slower with 128 in both pairs (98 vs 106, 225 vs 352 tokens/s).
        let rowsPerChunk = 64
        var logits = [Float](repeating: 0, count: rowsPerChunk * vocabulary)
        var row = 0
        while row < tokens.count {
            let rows = min(rowsPerChunk, tokens.count - row)
            hidden.withUnsafeBufferPointer { hp in
                logits.withUnsafeMutableBufferPointer { lp in
                    // rows ≥ 2 takes the sgemm path: the same logits as `score` computes.
                    decoder.computeLogits(hp.baseAddress! + row * h, rows: rows, into: lp.baseAddress!)
                }
            }
            logits.withUnsafeBufferPointer { lp in
                for r in 0..<rows {
                    let position = row + r
                    let values = lp.baseAddress! + r * vocabulary
                    let lse = Softmax.logSumExp(values, count: vocabulary)
                    if position + 1 < tokens.count {
                        logProbabilities.append(values[tokens[position + 1]] - lse)
                    } else {
                        for v in 0..<vocabulary { next[v] = values[v] - lse }
                    }
                }
            }
            row += rows
        }
        return ContinuationScores(logProbabilities: logProbabilities, next: next)
    }

    /// Keeps only the cached positions `kept` (increasing, each below ``count``), moved to
    /// the front of the cache in that order: LLMLingua drops pruned tokens' keys and
    /// values instead of re-evaluating the compressed prefix. Kept entries keep the
    /// rotary positions they were evaluated at; later tokens continue from the new count.
    public func retain(positions kept: [Int]) throws {
        var previous = -1
        for position in kept {
            guard position > previous, position < count else {
                throw ModelError("LlamaSession.retain: positions must increase and stay below the \(count) cached tokens (got \(position))")
            }
            previous = position
        }
        let config = decoder.configuration
        let kv = config.keyValueSize
        for layer in 0..<config.layerCount {
            for cache in [keys, values] {
                let base = cache + layer * capacity * kv
                for (slot, position) in kept.enumerated() where slot != position {
                    (base + slot * kv).update(from: base + position * kv, count: kv)
                }
            }
        }
        truncate(to: kept.count)
    }
}
